import { ownershipTags, type Owner } from '@slipway/provider-utils';
import { InvalidProviderSpecError, type Cluster } from '@slipway/core';
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
  checkDerivedNameLengths(clusterName, spec.virtualNetwork.name === undefined);
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

/**
 * Azure's name limits for what is named after the Cluster: a virtual network
 * holds at most 64 characters, a network security group, load balancer and
 * public IP address at most 80. Checked before any call, so a long Cluster name
 * is refused before the resource group exists rather than half-way through.
 */
const derivedNameLimits = [
  { suffix: '-vnet', limit: 64, what: 'virtual network', onlyWhenDerived: true },
  { suffix: '-control-plane-nsg', limit: 80, what: 'network security group', onlyWhenDerived: false },
  { suffix: '-node-nsg', limit: 80, what: 'network security group', onlyWhenDerived: false },
  { suffix: '-apiserver-lb', limit: 80, what: 'load balancer', onlyWhenDerived: false },
  { suffix: '-apiserver-ip', limit: 80, what: 'public IP address', onlyWhenDerived: false },
] as const;

function checkDerivedNameLengths(clusterName: string, virtualNetworkNameDerived: boolean): void {
  const applicable = derivedNameLimits.filter((rule) => virtualNetworkNameDerived || !rule.onlyWhenDerived);
  const longest = Math.min(...applicable.map((rule) => rule.limit - rule.suffix.length));
  for (const rule of applicable) {
    const name = `${clusterName}${rule.suffix}`;
    if (name.length <= rule.limit) continue;
    throw new InvalidProviderSpecError(
      'metadata.name',
      `the Cluster name (${clusterName.length} characters) makes the ${rule.what} name "${name}" of ${name.length} characters, over Azure's limit of ${rule.limit}; ` +
        `use a Cluster name of at most ${longest} characters${rule.onlyWhenDerived ? ', or name the network in spec.providerSpec.value.virtualNetwork.name' : ''}`,
    );
  }
}
