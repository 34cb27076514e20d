import type { SecurityRule } from '@azure/arm-network';
import {
  TerminalError,
  TransientError,
  type ActuatorContextV1,
  type ClusterActuatorV1,
  type ClusterDeleteResultV1,
  type ClusterReconcileResultV1,
  type ClusterRequestV1,
} from '@slipway/core';
import type { AzureApiClient } from '../api/azure-api-client.js';
import { azureClusterLayout, type AzureClusterLayout } from './azure-cluster-layout.js';
import { isAzureStatus, mapAzureError } from '../api/azure-error-mapper.js';

export interface AzureClusterActuatorDependencies {
  api: AzureApiClient;
  subscriptionId: string;
  pollIntervalMs: number;
}

/**
 * Version 1 of the cluster contract on Azure: the resource group (made, or an
 * existing one checked), two network security groups with the rules a
 * Kubernetes cluster needs, the virtual network with its control-plane and node
 * subnets, and a Standard load balancer with a static public IP in front of the
 * API servers. Everything is a PUT of a name derived from the Cluster, so
 * reconcile is idempotent; delete removes it all in dependency order.
 */
export class AzureClusterActuator implements ClusterActuatorV1 {
  readonly specificationVersion = 'v1';
  private readonly dependencies: AzureClusterActuatorDependencies;

  constructor(dependencies: AzureClusterActuatorDependencies) {
    this.dependencies = dependencies;
  }

  async reconcile(request: ClusterRequestV1, context: ActuatorContextV1): Promise<ClusterReconcileResultV1> {
    const layout = azureClusterLayout(request.cluster, this.dependencies.subscriptionId);
    const { resources, network } = this.dependencies.api;
    const group = layout.resourceGroupName;
    const options = { abortSignal: context.signal, updateIntervalInMs: this.dependencies.pollIntervalMs };
    const location = layout.location;
    const tags = layout.tags;

    if (layout.resourceGroupManaged) {
      await this.call(`create resource group ${group}`, () => resources.resourceGroups.createOrUpdate(group, { location, tags }, { abortSignal: context.signal }));
    } else {
      try {
        await resources.resourceGroups.get(group, { abortSignal: context.signal });
      } catch (error) {
        if (isAzureStatus(error, 404)) {
          throw new TerminalError(
            'InvalidConfiguration',
            `cluster spec.providerSpec.value.resourceGroup.name: the resource group ${group} does not exist; create it, or set resourceGroup.mode to managed`,
            { cause: error },
          );
        }
        throw mapAzureError(error, `read resource group ${group}`);
      }
    }

    const [controlPlaneGroup, nodeGroup] = await Promise.all([
      this.call(`create network security group ${layout.controlPlaneSecurityGroupName}`, () =>
        network.networkSecurityGroups.beginCreateOrUpdateAndWait(group, layout.controlPlaneSecurityGroupName, { location, tags, securityRules: controlPlaneRules(layout) }, options),
      ),
      this.call(`create network security group ${layout.nodeSecurityGroupName}`, () =>
        network.networkSecurityGroups.beginCreateOrUpdateAndWait(group, layout.nodeSecurityGroupName, { location, tags, securityRules: nodeRules() }, options),
      ),
    ]);
    await this.call(`create virtual network ${layout.virtualNetworkName}`, () =>
      network.virtualNetworks.beginCreateOrUpdateAndWait(
        group,
        layout.virtualNetworkName,
        {
          location,
          tags,
          addressSpace: { addressPrefixes: [layout.spec.virtualNetwork.cidrBlock] },
          subnets: [
            { name: layout.controlPlaneSubnet.name, addressPrefix: layout.controlPlaneSubnet.cidrBlock, networkSecurityGroup: { id: controlPlaneGroup.id! } },
            { name: layout.nodeSubnet.name, addressPrefix: layout.nodeSubnet.cidrBlock, networkSecurityGroup: { id: nodeGroup.id! } },
          ],
        },
        options,
      ),
    );
    if (!layout.loadBalancer.enabled) return { apiEndpoints: [], providerStatus: { resourceGroup: group } };

    const balancer = layout.loadBalancer;
    const address = await this.call(`create public IP ${balancer.publicIpAddressName}`, () =>
      network.publicIPAddresses.beginCreateOrUpdateAndWait(
        group,
        balancer.publicIpAddressName,
        { location, tags, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
        options,
      ),
    );
    await this.call(`create load balancer ${balancer.name}`, () =>
      network.loadBalancers.beginCreateOrUpdateAndWait(
        group,
        balancer.name,
        {
          location,
          tags,
          sku: { name: 'Standard' },
          frontendIPConfigurations: [{ name: balancer.frontendName, publicIPAddress: { id: address.id! } }],
          backendAddressPools: [{ name: balancer.backendPoolName }],
          probes: [{ name: balancer.probeName, protocol: 'Tcp', port: balancer.port, intervalInSeconds: 5, numberOfProbes: 2 }],
          loadBalancingRules: [
            {
              name: balancer.ruleName,
              protocol: 'Tcp',
              frontendPort: balancer.port,
              backendPort: balancer.port,
              frontendIPConfiguration: { id: `${balancer.id}/frontendIPConfigurations/${balancer.frontendName}` },
              backendAddressPool: { id: balancer.backendPoolId },
              probe: { id: `${balancer.id}/probes/${balancer.probeName}` },
              idleTimeoutInMinutes: 30,
            },
          ],
        },
        options,
      ),
    );
    if (!address.ipAddress) {
      throw new TransientError(`the public IP ${balancer.publicIpAddressName} has no address yet`, { requeueAfterMs: 10_000 });
    }
    return {
      apiEndpoints: [{ host: address.ipAddress, port: balancer.port }],
      providerStatus: { resourceGroup: group, loadBalancer: balancer.name, publicIpAddress: address.ipAddress },
    };
  }

  async delete(request: ClusterRequestV1, context: ActuatorContextV1): Promise<ClusterDeleteResultV1> {
    const layout = azureClusterLayout(request.cluster, this.dependencies.subscriptionId);
    const { resources, network } = this.dependencies.api;
    const group = layout.resourceGroupName;
    const options = { abortSignal: context.signal, updateIntervalInMs: this.dependencies.pollIntervalMs };
    const remove = (what: string, work: () => Promise<unknown>) => this.deleteIfPresent(`delete ${what} of cluster ${layout.clusterName}`, work);
    // Dependency order: what uses a resource goes before it.
    await remove(`load balancer ${layout.loadBalancer.name}`, () => network.loadBalancers.beginDeleteAndWait(group, layout.loadBalancer.name, options));
    await remove(`public IP ${layout.loadBalancer.publicIpAddressName}`, () => network.publicIPAddresses.beginDeleteAndWait(group, layout.loadBalancer.publicIpAddressName, options));
    await remove(`virtual network ${layout.virtualNetworkName}`, () => network.virtualNetworks.beginDeleteAndWait(group, layout.virtualNetworkName, options));
    await Promise.all([
      remove(`network security group ${layout.controlPlaneSecurityGroupName}`, () => network.networkSecurityGroups.beginDeleteAndWait(group, layout.controlPlaneSecurityGroupName, options)),
      remove(`network security group ${layout.nodeSecurityGroupName}`, () => network.networkSecurityGroups.beginDeleteAndWait(group, layout.nodeSecurityGroupName, options)),
    ]);
    if (layout.resourceGroupManaged) {
      await remove(`resource group ${group}`, () => resources.resourceGroups.beginDeleteAndWait(group, options));
    }
    return { gone: true };
  }

  private async call<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw mapAzureError(error, operation);
    }
  }

  private async deleteIfPresent(operation: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (isAzureStatus(error, 404)) return;
      const code = (error as { code?: string }).code ?? '';
      if (/InUse/.test(code)) {
        throw new TransientError(`${operation}: still in use (${code}); machines of the cluster must be deleted first`, { cause: error, requeueAfterMs: 15_000 });
      }
      throw mapAzureError(error, operation);
    }
  }
}

/** The API server from the allowed ranges; etcd, kubelet and the control-plane components from inside the network. */
function controlPlaneRules(layout: AzureClusterLayout): SecurityRule[] {
  const port = String(layout.loadBalancer.port);
  return [
    { name: 'allow-apiserver', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefixes: layout.loadBalancer.allowedCidrs, sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: port },
    { name: 'allow-etcd', priority: 110, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: 'VirtualNetwork', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '2379-2380' },
    { name: 'allow-kubelet', priority: 120, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: 'VirtualNetwork', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '10250' },
    { name: 'allow-control-plane-components', priority: 130, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: 'VirtualNetwork', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '10257-10259' },
    { name: 'allow-load-balancer-probe', priority: 140, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: 'AzureLoadBalancer', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: port },
  ];
}

/** The kubelet from inside the network; NodePort services from anywhere. */
function nodeRules(): SecurityRule[] {
  return [
    { name: 'allow-kubelet', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: 'VirtualNetwork', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '10250' },
    { name: 'allow-node-ports', priority: 110, direction: 'Inbound', access: 'Allow', protocol: '*', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '30000-32767' },
  ];
}
