import { ownershipTags, type Owner } from '@slipway/provider-utils';
import type { Cluster } from '@slipway/core';
import type { AzureClusterProviderSpec } from './azure-cluster-provider-spec.js';
import { parseClusterProviderSpec } from '../parse-azure-provider-spec.js';

/**
 * Every name and id of a cluster's Azure infrastructure, resolved once from
 * the Cluster's providerSpec and its name, so the cluster actuator that makes
 * them and the machine actuator that uses them always agree.
 */
export interface AzureClusterLayout {
  spec: AzureClusterProviderSpec;
  clusterName: string;
  subscriptionId: string;
  location: string;
  resourceGroupName: string;
  resourceGroupManaged: boolean;
  virtualNetworkName: string;
  controlPlaneSubnet: { name: string; cidrBlock: string; id: string };
  nodeSubnet: { name: string; cidrBlock: string; id: string };
  controlPlaneSecurityGroupName: string;
  nodeSecurityGroupName: string;
  loadBalancer: {
    enabled: boolean;
    port: number;
    allowedCidrs: string[];
    name: string;
    id: string;
    publicIpAddressName: string;
    frontendName: string;
    backendPoolName: string;
    backendPoolId: string;
    probeName: string;
    ruleName: string;
  };
  /** Ownership tags plus the spec's additional tags. */
  tags: Record<string, string>;
}

export function azureClusterLayout(cluster: Cluster, subscriptionId: string): AzureClusterLayout {
  const spec = parseClusterProviderSpec(cluster);
  const clusterName = cluster.metadata.name ?? 'cluster';
  const groupId = `/subscriptions/${subscriptionId}/resourceGroups/${spec.resourceGroup.name}`;
  const virtualNetworkName = spec.virtualNetwork.name ?? `${clusterName}-vnet`;
  const subnetId = (name: string) => `${groupId}/providers/Microsoft.Network/virtualNetworks/${virtualNetworkName}/subnets/${name}`;
  const controlPlaneName = spec.subnets.controlPlane.name ?? 'control-plane';
  const nodeName = spec.subnets.nodes.name ?? 'nodes';
  const loadBalancerName = `${clusterName}-apiserver-lb`;
  const loadBalancerId = `${groupId}/providers/Microsoft.Network/loadBalancers/${loadBalancerName}`;
  const owner: Owner = { clusterName };
  return {
    spec,
    clusterName,
    subscriptionId,
    location: spec.location,
    resourceGroupName: spec.resourceGroup.name,
    resourceGroupManaged: spec.resourceGroup.mode === 'managed',
    virtualNetworkName,
    controlPlaneSubnet: { name: controlPlaneName, cidrBlock: spec.subnets.controlPlane.cidrBlock ?? '10.0.0.0/24', id: subnetId(controlPlaneName) },
    nodeSubnet: { name: nodeName, cidrBlock: spec.subnets.nodes.cidrBlock ?? '10.0.1.0/24', id: subnetId(nodeName) },
    controlPlaneSecurityGroupName: `${clusterName}-control-plane-nsg`,
    nodeSecurityGroupName: `${clusterName}-node-nsg`,
    loadBalancer: {
      enabled: spec.apiServerLoadBalancer.enabled,
      port: spec.apiServerLoadBalancer.port,
      allowedCidrs: spec.apiServerLoadBalancer.allowedCidrs,
      name: loadBalancerName,
      id: loadBalancerId,
      publicIpAddressName: `${clusterName}-apiserver-ip`,
      frontendName: 'apiserver',
      backendPoolName: 'control-plane',
      backendPoolId: `${loadBalancerId}/backendAddressPools/control-plane`,
      probeName: 'apiserver',
      ruleName: 'apiserver',
    },
    tags: { ...spec.additionalTags, ...ownershipTags(owner) },
  };
}
