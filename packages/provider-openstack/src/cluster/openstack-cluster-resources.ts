/** The names of a cluster's own OpenStack resources (all also tagged with the cluster). */
import { shortened } from '../machine/openstack-resource-tags.js';

export function clusterResourceNames(clusterName: string) {
  const base = shortened(clusterName, 200);
  return {
    network: `${base}-network`,
    subnet: `${base}-subnet`,
    router: `${base}-router`,
    securityGroup: `${base}-cluster`,
    controlPlaneServerGroup: `${base}-control-plane`,
    loadBalancer: `${base}-api`,
    listener: `${base}-api-listener`,
    pool: `${base}-api-pool`,
    floatingIp: `${base}-api`,
  };
}
