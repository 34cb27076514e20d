/**
 * The Cluster actuator for OpenStack: the cluster's network, subnet and router
 * (or an existing network), one security group (the API server port from the
 * allowed CIDRs, everything between the cluster's own ports), an anti-affinity
 * server group for control planes, and the API endpoint: an Octavia load
 * balancer (listener on the API port, a TCP pool the control-plane machines
 * join) behind a floating IP, or a floating IP alone. Every resource is tagged
 * with the cluster and found by that tag before anything is made, so reconcile
 * can run again at any time. Octavia's PENDING_* states are waited out (the
 * reconcile asks to be called again) and its 409s retried.
 */
import { TransientError, type ActuatorContextV1, type ClusterActuatorV1, type ClusterDeleteResultV1, type ClusterReconcileResultV1, type ClusterRequestV1 } from '@slipway/core';
import { ProviderApiError } from '@slipway/core';
import { listAll } from '../api/list-all.js';
import { isNotFound } from '../api/openstack-error-mapper.js';
import type { OpenStackConnection } from '../openstack-connection.js';
import { clusterTag } from '../machine/openstack-resource-tags.js';
import { parseClusterProviderSpec } from '../parse-openstack-provider-spec.js';
import type { OpenStackClusterProviderSpec } from './openstack-cluster-provider-spec.js';
import { clusterResourceNames } from './openstack-cluster-resources.js';

type Context = ActuatorContextV1;

interface Tagged {
  id: string;
  name?: string;
  [field: string]: unknown;
}

const requeueMs = 5_000;

export class OpenStackClusterActuator implements ClusterActuatorV1 {
  readonly specificationVersion = 'v1' as const;
  private readonly connection: OpenStackConnection;

  constructor(connection: OpenStackConnection) {
    this.connection = connection;
  }

  async reconcile(request: ClusterRequestV1, context: Context): Promise<ClusterReconcileResultV1> {
    const { cluster } = request;
    const spec = parseClusterProviderSpec(cluster);
    const name = cluster.metadata.name!;
    const tag = clusterTag(name);
    const names = clusterResourceNames(name);
    const externalNetworkId = await this.externalNetworkId(spec, context);
    const { networkId, subnetId, routerId } = await this.network(spec, names, tag, externalNetworkId, context);
    const securityGroupId = await this.securityGroup(spec, names, tag, context);
    const serverGroupId = spec.controlPlaneAntiAffinity ? await this.serverGroup(names.controlPlaneServerGroup, context) : undefined;
    const status: Record<string, unknown> = { networkId, subnetId, ...(routerId ? { routerId } : {}), securityGroupId, ...(serverGroupId ? { serverGroupId } : {}) };
    this.connection.forgetCluster();
    if (spec.apiServerLoadBalancer === 'none') return { apiEndpoints: [], providerStatus: status };
    if (spec.apiServerLoadBalancer === 'floating-ip') {
      const floating = await this.floatingIp(names.floatingIp, tag, externalNetworkId, undefined, context);
      return { apiEndpoints: [{ host: floating.address, port: spec.apiServerPort }], providerStatus: { ...status, floatingIp: floating.address } };
    }
    if (subnetId === undefined) throw new ProviderApiError(`the network of cluster ${name} has no subnet for the load balancer's VIP`, { code: 'NoSubnet', isRetryable: false });
    const loadBalancer = await this.loadBalancer(spec, names, tag, subnetId, context);
    const floating = externalNetworkId !== undefined ? await this.floatingIp(names.floatingIp, tag, externalNetworkId, String(loadBalancer['vip_port_id']), context) : undefined;
    const host = floating?.address ?? String(loadBalancer['vip_address']);
    return { apiEndpoints: [{ host, port: spec.apiServerPort }], providerStatus: { ...status, loadBalancerId: loadBalancer.id, vipAddress: loadBalancer['vip_address'], ...(floating ? { floatingIp: floating.address } : {}) } };
  }

  async delete(request: ClusterRequestV1, context: Context): Promise<ClusterDeleteResultV1> {
    const { cluster } = request;
    const spec = parseClusterProviderSpec(cluster);
    const tag = clusterTag(cluster.metadata.name!);
    const names = clusterResourceNames(cluster.metadata.name!);
    const { api } = this.connection;
    // What machines remember about the cluster (its pool, its groups) goes with it.
    this.connection.forgetCluster();
    const loadBalancers = await this.tagged('load-balancer', '/lbaas/loadbalancers', 'loadbalancers', tag, context);
    for (const loadBalancer of loadBalancers) {
      if (String(loadBalancer['provisioning_status']).startsWith('PENDING_')) continue;
      await this.ignoreMissing(api.request('load-balancer.loadbalancers.delete', { method: 'DELETE', path: `/lbaas/loadbalancers/${loadBalancer.id}`, query: { cascade: 'true' } }, context));
    }
    if (loadBalancers.length > 0) return { gone: false, requeueAfterMs: requeueMs };
    for (const floating of await this.tagged('network', '/floatingips', 'floatingips', tag, context)) {
      await this.ignoreMissing(api.request('network.floatingips.delete', { method: 'DELETE', path: `/floatingips/${floating.id}` }, context));
    }
    const serverGroupId = await this.connection.serverGroupNamed(names.controlPlaneServerGroup, context);
    if (serverGroupId !== undefined) await this.ignoreMissing(api.request('compute.os-server-groups.delete', { method: 'DELETE', path: `/os-server-groups/${serverGroupId}` }, context));
    // Machines' ports still on the network keep the groups and the network in use: come back later.
    const ports = await this.tagged('network', '/ports', 'ports', tag, context);
    if (ports.length > 0) return { gone: false, requeueAfterMs: requeueMs };
    for (const router of await this.tagged('network', '/routers', 'routers', tag, context)) {
      for (const subnet of await this.tagged('network', '/subnets', 'subnets', tag, context)) {
        await api.request('network.routers.remove_router_interface', { method: 'PUT', path: `/routers/${router.id}/remove_router_interface`, body: { subnet_id: subnet.id } }, context).catch((error: unknown) => {
          if (!isNotFound(error)) throw error;
        });
      }
      await this.ignoreMissing(api.request('network.routers.delete', { method: 'DELETE', path: `/routers/${router.id}` }, context));
    }
    for (const group of await this.tagged('network', '/security-groups', 'security_groups', tag, context)) {
      await this.ignoreMissing(api.request('network.security-groups.delete', { method: 'DELETE', path: `/security-groups/${group.id}` }, context));
    }
    if (spec.network === undefined) {
      for (const network of await this.tagged('network', '/networks', 'networks', tag, context)) {
        await this.ignoreMissing(api.request('network.networks.delete', { method: 'DELETE', path: `/networks/${network.id}` }, context));
      }
    }
    this.connection.forgetCluster();
    return { gone: true };
  }

  // ---- pieces ----

  private async tagged(service: 'network' | 'load-balancer', path: string, key: string, tag: string, context: Context): Promise<Tagged[]> {
    const collection = path.split('/').pop()!;
    if (service === 'load-balancer') {
      const reply = await this.connection.api.request<Record<string, Tagged[]>>(`load-balancer.${collection}.list`, { method: 'GET', path, query: { tags: tag } }, context);
      return reply.body[key] ?? [];
    }
    return listAll<Tagged>(this.connection.api, `network.${collection}.list`, path, key, { tags: tag }, context);
  }

  private async create(operation: string, path: string, key: string, body: Record<string, unknown>, context: Context): Promise<Tagged> {
    const reply = await this.connection.api.request<Record<string, Tagged>>(operation, { method: 'POST', path, body: { [key]: body } }, context);
    return reply.body[key]!;
  }

  private async externalNetworkId(spec: OpenStackClusterProviderSpec, context: Context): Promise<string | undefined> {
    if (spec.externalNetwork !== undefined) return this.connection.lookups.neutron('networks', spec.externalNetwork, 'Cluster spec.providerSpec.value.externalNetwork', context);
    const reply = await this.connection.api.request<{ networks: Tagged[] }>('network.networks.list', { method: 'GET', path: '/networks', query: { 'router:external': 'true' } }, context);
    return reply.body.networks.length === 1 ? reply.body.networks[0]!.id : undefined;
  }

  private async network(spec: OpenStackClusterProviderSpec, names: ReturnType<typeof clusterResourceNames>, tag: string, externalNetworkId: string | undefined, context: Context) {
    const { api, lookups } = this.connection;
    if (spec.network !== undefined) {
      const networkId = await lookups.neutron('networks', spec.network, 'Cluster spec.providerSpec.value.network', context);
      const subnets = await api.request<{ subnets: Tagged[] }>('network.subnets.list', { method: 'GET', path: '/subnets', query: { network_id: networkId } }, context);
      return { networkId, subnetId: subnets.body.subnets[0]?.id, routerId: undefined };
    }
    const network = (await this.tagged('network', '/networks', 'networks', tag, context))[0] ?? (await this.create('network.networks.create', '/networks', 'network', { name: names.network, tags: [tag] }, context));
    const subnet =
      (await this.tagged('network', '/subnets', 'subnets', tag, context))[0] ??
      (await this.create('network.subnets.create', '/subnets', 'subnet', { name: names.subnet, network_id: network.id, cidr: spec.managedNetwork.cidr, ip_version: 4, dns_nameservers: spec.managedNetwork.dnsNameservers, tags: [tag] }, context));
    if (externalNetworkId === undefined) return { networkId: network.id, subnetId: subnet.id, routerId: undefined };
    const router =
      (await this.tagged('network', '/routers', 'routers', tag, context))[0] ??
      (await this.create('network.routers.create', '/routers', 'router', { name: names.router, external_gateway_info: { network_id: externalNetworkId }, tags: [tag] }, context));
    const interfaces = await api.request<{ ports: Tagged[] }>('network.ports.list', { method: 'GET', path: '/ports', query: { device_id: router.id, network_id: network.id } }, context);
    if (interfaces.body.ports.length === 0) {
      await api.request('network.routers.add_router_interface', { method: 'PUT', path: `/routers/${router.id}/add_router_interface`, body: { subnet_id: subnet.id } }, context).catch((error: unknown) => {
        // "Router already has a port on subnet": a retry after a lost reply.
        if (!(ProviderApiError.isInstance(error) && error.statusCode === 400) && !/already has a port/.test(String((error as Error).message))) throw error;
      });
    }
    return { networkId: network.id, subnetId: subnet.id, routerId: router.id };
  }

  private async securityGroup(spec: OpenStackClusterProviderSpec, names: ReturnType<typeof clusterResourceNames>, tag: string, context: Context): Promise<string> {
    const existing = (await this.tagged('network', '/security-groups', 'security_groups', tag, context))[0];
    const group = existing ?? (await this.create('network.security-groups.create', '/security-groups', 'security_group', { name: names.securityGroup, description: 'Slipway cluster: API server port and traffic between the cluster machines', tags: [tag] }, context));
    const rules = [
      ...spec.apiServerAllowedCidrs.map((cidr) => ({ direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: spec.apiServerPort, port_range_max: spec.apiServerPort, remote_ip_prefix: cidr })),
      { direction: 'ingress', ethertype: 'IPv4', remote_group_id: group.id },
    ];
    const present = (group['security_group_rules'] as Record<string, unknown>[] | undefined) ?? [];
    for (const rule of rules) {
      const already = present.some((candidate) => Object.entries(rule).every(([key, value]) => candidate[key] === value));
      if (already) continue;
      await this.connection.api.request('network.security-group-rules.create', { method: 'POST', path: '/security-group-rules', body: { security_group_rule: { ...rule, security_group_id: group.id } } }, context).catch((error: unknown) => {
        if (!(ProviderApiError.isInstance(error) && error.statusCode === 409)) throw error;
      });
    }
    return group.id;
  }

  private async serverGroup(name: string, context: Context): Promise<string> {
    const existing = await this.connection.serverGroupNamed(name, context);
    if (existing !== undefined) return existing;
    const reply = await this.connection.api.request<{ server_group: { id: string } }>('compute.os-server-groups.create', { method: 'POST', path: '/os-server-groups', body: { server_group: { name, policy: 'anti-affinity' } } }, context);
    return reply.body.server_group.id;
  }

  private async floatingIp(name: string, tag: string, externalNetworkId: string | undefined, portId: string | undefined, context: Context): Promise<{ id: string; address: string }> {
    const { api } = this.connection;
    let floating = (await this.tagged('network', '/floatingips', 'floatingips', tag, context))[0];
    if (floating === undefined) {
      if (externalNetworkId === undefined) throw new ProviderApiError('no external network to take a floating IP from: set the Cluster\'s spec.providerSpec.value.externalNetwork', { code: 'NoExternalNetwork', isRetryable: false });
      floating = await this.create('network.floatingips.create', '/floatingips', 'floatingip', { floating_network_id: externalNetworkId, description: name, tags: [tag], ...(portId ? { port_id: portId } : {}) }, context);
    } else if (portId !== undefined && floating['port_id'] !== portId) {
      await api.request('network.floatingips.update', { method: 'PUT', path: `/floatingips/${floating.id}`, body: { floatingip: { port_id: portId } } }, context);
    }
    return { id: floating.id, address: String(floating['floating_ip_address']) };
  }

  private async loadBalancer(spec: OpenStackClusterProviderSpec, names: ReturnType<typeof clusterResourceNames>, tag: string, subnetId: string, context: Context): Promise<Tagged> {
    const loadBalancer =
      (await this.tagged('load-balancer', '/lbaas/loadbalancers', 'loadbalancers', tag, context))[0] ??
      (await this.create('load-balancer.loadbalancers.create', '/lbaas/loadbalancers', 'loadbalancer', { name: names.loadBalancer, vip_subnet_id: subnetId, tags: [tag] }, context));
    const waitFor = () => new TransientError(`the API server load balancer ${loadBalancer.id} is ${String(loadBalancer['provisioning_status'])}; waiting for ACTIVE`, { requeueAfterMs: requeueMs });
    if (loadBalancer['provisioning_status'] === 'ERROR') throw new ProviderApiError(`the API server load balancer ${loadBalancer.id} is in ERROR; delete it and reconcile again`, { code: 'LoadBalancerError', isRetryable: false });
    if (loadBalancer['provisioning_status'] !== 'ACTIVE') throw waitFor();
    const listener =
      (await this.tagged('load-balancer', '/lbaas/listeners', 'listeners', tag, context))[0] ??
      (await this.create('load-balancer.listeners.create', '/lbaas/listeners', 'listener', { name: names.listener, protocol: 'TCP', protocol_port: spec.apiServerPort, loadbalancer_id: loadBalancer.id, tags: [tag] }, context));
    const pools = await this.tagged('load-balancer', '/lbaas/pools', 'pools', tag, context);
    if (pools.length === 0) {
      await this.create('load-balancer.pools.create', '/lbaas/pools', 'pool', { name: names.pool, protocol: 'TCP', lb_algorithm: 'ROUND_ROBIN', listener_id: listener.id, tags: [tag] }, context);
    }
    return loadBalancer;
  }

  private async ignoreMissing(call: Promise<unknown>): Promise<void> {
    try {
      await call;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

