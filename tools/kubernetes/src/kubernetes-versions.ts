/** The versions build.sh produces (keep in step with build.sh and the wrapper go.mod files). */
export const KUBERNETES_VERSION = 'v1.37.2';
export const ETCD_VERSION = '3.7.3';
