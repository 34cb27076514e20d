// A real etcd + kube-apiserver for tests, and the binaries behind it (see ../README.md).
export * from './start-kubernetes-api-server.js';
export * from './kubectl.js';
export * from './locate-kubernetes-binaries.js';
export * from './kubernetes-versions.js';
export * from './free-port.js';
export { buildAdminKubeconfig, type AdminKubeconfigInput } from './admin-kubeconfig.js';
export { createThrowawayPki, ADMIN_GROUP, ADMIN_USER, type ThrowawayPki } from './throwaway-pki.js';
export { httpsGet, type HttpsGetOptions, type HttpsResponse } from './https-get.js';
