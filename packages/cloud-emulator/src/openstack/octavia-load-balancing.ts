/**
 * Octavia v2 (`/v2/lbaas/…`): load balancers, listeners, pools and members.
 * What makes Octavia hard for clients is modelled: a load balancer is
 * PENDING_CREATE for a while after create, and PENDING_UPDATE after each change
 * to it or its children; while PENDING_* it is immutable, and every change
 * answers 409 `Load Balancer … is immutable and cannot be updated.` Deleting
 * one with children needs `cascade=true` (409 otherwise). The VIP is a Neutron
 * port Octavia owns.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorHttpReply, EmulatorHttpRequest } from '../server/emulator-http-request.js';
import type { StoredResource } from '../store/stored-resource.js';
import type { NeutronNetworking } from './neutron-networking.js';
import type { OpenStackCloud } from './openstack-cloud.js';
import { openStackError } from './openstack-error.js';
import { matchesTagFilters, optionalString, tagList, tagMapOf, wrapped, type Fields } from './openstack-request.js';

const kinds = { loadbalancers: 'load-balancer', listeners: 'listener', pools: 'pool' } as const;
const singular = { loadbalancers: 'loadbalancer', listeners: 'listener', pools: 'pool' } as const;

const badRequest = (message: string) => openStackError(400, 'Client', message);

export class OctaviaLoadBalancing {
  private readonly cloud: OpenStackCloud;
  private readonly networking: NeutronNetworking;

  constructor(cloud: OpenStackCloud, networking: NeutronNetworking) {
    this.cloud = cloud;
    this.networking = networking;
  }

  private get store() {
    return this.cloud.runtime.store;
  }

  handle(request: EmulatorHttpRequest, segments: readonly string[]): EmulatorHttpReply {
    const [collection, id, sub, memberId] = segments;
    if (collection !== 'loadbalancers' && collection !== 'listeners' && collection !== 'pools') throw openStackError(404, 'Client', 'The resource could not be found.');
    const kind = kinds[collection];
    const key = singular[collection];
    const method = request.method;
    if (collection === 'pools' && id !== undefined && sub === 'members') return this.members(request, this.require('pool', id, method === 'GET'), memberId);
    if (sub !== undefined) throw openStackError(404, 'Client', 'The resource could not be found.');
    if (id === undefined && method === 'GET') {
      const query = request.url.searchParams;
      const items = this.store
        .list({ kind })
        .filter((resource) => matchesTagFilters(resource.attributes['tags'] as string[], query))
        .filter((resource) => query.get('name') === null || resource.attributes['name'] === query.get('name'))
        .filter((resource) => query.get('loadbalancer_id') === null || resource.attributes['loadbalancer_id'] === query.get('loadbalancer_id'))
        .map((resource) => this.render(resource));
      return { status: 200, body: { [collection]: items, [`${collection}_links`]: [] } };
    }
    if (id === undefined && method === 'POST') {
      const fields = wrapped(request, key, 'Client');
      return { status: 201, body: { [key]: this.render(this.create(collection, fields)) } };
    }
    if (id === undefined) throw openStackError(405, 'Client', 'Method not allowed.');
    if (method === 'GET') return { status: 200, body: { [key]: this.render(this.require(kind, id, false)) } };
    if (method === 'DELETE') {
      const resource = this.require(kind, id, true);
      this.delete(resource, request.url.searchParams.get('cascade') === 'true');
      return { status: 204 };
    }
    throw openStackError(405, 'Client', 'Method not allowed.');
  }

  private require(kind: string, id: string, consistent: boolean): StoredResource {
    const resource = this.store.get(kind, id, { consistent });
    if (resource === undefined) {
      const name = kind === 'load-balancer' ? 'Load Balancer' : kind === 'listener' ? 'Listener' : kind === 'pool' ? 'Pool' : 'Member';
      throw openStackError(404, 'Client', `${name} ${id} not found.`);
    }
    return resource;
  }

  /** The load balancer a change goes through: 409 while it is PENDING_*, PENDING_UPDATE for a while after. */
  private lockForChange(loadBalancerId: string): StoredResource {
    const loadBalancer = this.require('load-balancer', loadBalancerId, true);
    const status = String(loadBalancer.attributes['provisioning_status']);
    if (status.startsWith('PENDING_') || status === 'ERROR') {
      throw openStackError(409, 'Client', `Load Balancer ${loadBalancerId} is immutable and cannot be updated.`);
    }
    this.settle(loadBalancer, 'PENDING_UPDATE');
    return loadBalancer;
  }

  private settle(resource: StoredResource, pending: string, then: () => void = () => {}): void {
    resource.attributes['provisioning_status'] = pending;
    this.cloud.runtime.clock.schedule(this.cloud.loadBalancerProvisioningMilliseconds, () => {
      if (resource.attributes['provisioning_status'] !== pending) return;
      resource.attributes['provisioning_status'] = pending === 'PENDING_DELETE' ? 'DELETED' : 'ACTIVE';
      resource.attributes['operating_status'] = pending === 'PENDING_DELETE' ? 'OFFLINE' : 'ONLINE';
      then();
    });
  }

  private insert(kind: string, attributes: Fields, ownerId?: string): StoredResource {
    const tags = tagList(attributes['tags'], 'tags', 'Client');
    return this.store.create({
      kind,
      id: randomUUID(),
      tags: tagMapOf(tags),
      ...(ownerId !== undefined ? { ownerId } : {}),
      attributes: {
        description: '',
        admin_state_up: true,
        provisioning_status: 'ACTIVE',
        operating_status: 'ONLINE',
        created_at: new Date(this.cloud.runtime.clock.now()).toISOString().replace(/\.\d{3}Z$/, ''),
        ...attributes,
        tags,
      },
    });
  }

  private create(collection: 'loadbalancers' | 'listeners' | 'pools', fields: Fields): StoredResource {
    optionalString(fields, 'name', 'Client');
    switch (collection) {
      case 'loadbalancers': {
        const subnetId = fields['vip_subnet_id'];
        const networkId = fields['vip_network_id'];
        let network: StoredResource;
        let subnet: string | undefined;
        if (typeof subnetId === 'string') {
          const found = this.networking.require('subnet', subnetId, true);
          network = this.networking.require('network', String(found.attributes['network_id']), true);
          subnet = found.id;
        } else if (typeof networkId === 'string') {
          network = this.networking.require('network', networkId, true);
          subnet = (network.attributes['subnets'] as string[])[0];
        } else {
          throw badRequest('Validation failure: VIP must contain one of: vip_port_id, vip_network_id, vip_subnet_id.');
        }
        const loadBalancer = this.insert('load-balancer', { name: '', ...fields, vip_network_id: network.id, vip_subnet_id: subnet, provider: 'amphora', operating_status: 'OFFLINE', listeners: [], pools: [], flavor_id: null });
        const port = this.networking.createDevicePort(network.id, loadBalancer.id, 'Octavia', subnet);
        loadBalancer.attributes['vip_port_id'] = port.id;
        loadBalancer.attributes['vip_address'] = (port.attributes['fixed_ips'] as Fields[])[0]?.['ip_address'];
        this.settle(loadBalancer, 'PENDING_CREATE');
        return loadBalancer;
      }
      case 'listeners': {
        if (fields['protocol'] !== 'TCP' && fields['protocol'] !== 'HTTP' && fields['protocol'] !== 'HTTPS') throw badRequest(`Invalid input for field/attribute protocol. Value: '${String(fields['protocol'])}'.`);
        const port = Number(fields['protocol_port']);
        if (!Number.isInteger(port) || port < 1 || port > 65535) throw badRequest(`Invalid input for field/attribute protocol_port. Value: '${String(fields['protocol_port'])}'.`);
        const loadBalancer = this.lockForChange(String(fields['loadbalancer_id']));
        const clash = this.store.list({ kind: 'listener', consistent: true }).find((listener) => listener.attributes['loadbalancer_id'] === loadBalancer.id && listener.attributes['protocol_port'] === port);
        if (clash) throw openStackError(409, 'Client', `Another Listener on this Load Balancer is already using protocol_port ${port}`);
        const listener = this.insert('listener', { name: '', default_pool_id: null, ...fields, loadbalancers: [{ id: loadBalancer.id }] }, loadBalancer.id);
        (loadBalancer.attributes['listeners'] as Fields[]).push({ id: listener.id });
        return listener;
      }
      case 'pools': {
        const listener = typeof fields['listener_id'] === 'string' ? this.require('listener', fields['listener_id'], true) : undefined;
        const loadBalancerId = listener ? String(listener.attributes['loadbalancer_id']) : String(fields['loadbalancer_id']);
        if (!['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP'].includes(String(fields['lb_algorithm']))) throw badRequest(`Invalid input for field/attribute lb_algorithm. Value: '${String(fields['lb_algorithm'])}'.`);
        const loadBalancer = this.lockForChange(loadBalancerId);
        const pool = this.insert('pool', { name: '', ...fields, loadbalancer_id: loadBalancer.id, loadbalancers: [{ id: loadBalancer.id }], listeners: listener ? [{ id: listener.id }] : [], members: [] }, loadBalancer.id);
        if (listener) listener.attributes['default_pool_id'] = pool.id;
        (loadBalancer.attributes['pools'] as Fields[]).push({ id: pool.id });
        return pool;
      }
    }
  }

  private members(request: EmulatorHttpRequest, pool: StoredResource, memberId: string | undefined): EmulatorHttpReply {
    const method = request.method;
    const members = () => this.store.list({ kind: 'member', ownerId: pool.id });
    if (memberId === undefined && method === 'GET') {
      return { status: 200, body: { members: members().filter((member) => matchesTagFilters(member.attributes['tags'] as string[], request.url.searchParams)).map((member) => this.render(member)), members_links: [] } };
    }
    if (memberId === undefined && method === 'POST') {
      const fields = wrapped(request, 'member', 'Client');
      if (typeof fields['address'] !== 'string') throw badRequest("Invalid input for field/attribute address. Value: 'None'. Mandatory field missing.");
      const port = Number(fields['protocol_port']);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw badRequest(`Invalid input for field/attribute protocol_port. Value: '${String(fields['protocol_port'])}'.`);
      this.lockForChange(String(pool.attributes['loadbalancer_id']));
      const clash = this.store.list({ kind: 'member', ownerId: pool.id, consistent: true }).find((member) => member.attributes['address'] === fields['address'] && member.attributes['protocol_port'] === port);
      if (clash) throw openStackError(409, 'Client', `Duplicate member with IP address ${fields['address']} and port ${port} for pool ${pool.id}`);
      const member = this.insert('member', { name: '', weight: 1, ...fields, pool_id: pool.id }, pool.id);
      return { status: 201, body: { member: this.render(member) } };
    }
    if (memberId === undefined) throw openStackError(405, 'Client', 'Method not allowed.');
    const member = this.require('member', memberId, method !== 'GET');
    if (member.ownerId !== pool.id) throw openStackError(404, 'Client', `Member ${memberId} not found.`);
    if (method === 'GET') return { status: 200, body: { member: this.render(member) } };
    if (method === 'DELETE') {
      this.lockForChange(String(pool.attributes['loadbalancer_id']));
      this.forget(member);
      return { status: 204 };
    }
    throw openStackError(405, 'Client', 'Method not allowed.');
  }

  private delete(resource: StoredResource, cascade: boolean): void {
    if (resource.kind === 'load-balancer') {
      const status = String(resource.attributes['provisioning_status']);
      if (status.startsWith('PENDING_')) throw openStackError(409, 'Client', `Invalid state ${status} of loadbalancer resource ${resource.id}`);
      const children = this.store.list({ ownerId: resource.id, consistent: true }).filter((child) => child.kind === 'listener' || child.kind === 'pool');
      if (children.length > 0 && !cascade) throw openStackError(400, 'Client', `Cannot delete Load Balancer ${resource.id} - it has children`);
      this.settle(resource, 'PENDING_DELETE', () => this.forgetTree(resource));
      return;
    }
    const loadBalancer = this.lockForChange(String(resource.attributes['loadbalancer_id']));
    if (resource.kind === 'listener') {
      loadBalancer.attributes['listeners'] = (loadBalancer.attributes['listeners'] as Fields[]).filter((entry) => entry['id'] !== resource.id);
    } else {
      loadBalancer.attributes['pools'] = (loadBalancer.attributes['pools'] as Fields[]).filter((entry) => entry['id'] !== resource.id);
      for (const listener of this.store.list({ kind: 'listener', consistent: true }).filter((candidate) => candidate.attributes['default_pool_id'] === resource.id)) listener.attributes['default_pool_id'] = null;
    }
    this.forgetTree(resource);
  }

  private forgetTree(resource: StoredResource): void {
    for (const owned of this.store.list({ ownerId: resource.id, consistent: true, includeGone: true })) this.forgetTree(owned);
    this.forget(resource);
  }

  private forget(resource: StoredResource): void {
    resource.state = 'deleted';
    this.store.remove(resource.kind, resource.id);
  }

  private render(resource: StoredResource): Fields {
    const { ...attributes } = resource.attributes;
    const projectId = this.cloud.credentials.projectId;
    const rendered: Fields = { id: resource.id, project_id: projectId, tenant_id: projectId, ...attributes, updated_at: null };
    if (resource.kind === 'pool') rendered['members'] = this.store.list({ kind: 'member', ownerId: resource.id }).map((member) => ({ id: member.id }));
    return rendered;
  }
}
