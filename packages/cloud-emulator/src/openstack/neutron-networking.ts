/**
 * Neutron v2.0: networks, subnets, routers (with add/remove_router_interface),
 * ports (fixed IPs allocated from the subnet, security groups, binding to a
 * server), security groups and their rules, floating IPs, and tags
 * (`tags` on create, as the tag-creation extension allows, `PUT …/tags`, and
 * the `tags` / `tags-any` list filters). Field filters on lists are exact
 * matches, as Neutron's are; lists page with `limit` and `marker`. Deleting
 * something still in use is the 409 Neutron answers (NetworkInUse,
 * SubnetInUse, RouterInUse, SecurityGroupInUse).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { EmulatorHttpReply, EmulatorHttpRequest } from '../server/emulator-http-request.js';
import type { StoredResource } from '../store/stored-resource.js';
import type { OpenStackCloud } from './openstack-cloud.js';
import { openStackError } from './openstack-error.js';
import { matchesTagFilters, pageOf, tagList, tagMapOf, wrapped, type Fields } from './openstack-request.js';

interface NeutronCollection {
  /** URL segment: `security-groups`. */
  path: string;
  /** Body key of one: `security_group`. */
  singular: string;
  /** Body key of many: `security_groups`. */
  plural: string;
  kind: string;
  /** Fields a create may carry, beyond `tags`. */
  writable: readonly string[];
  /** Fields an update may carry. */
  updatable: readonly string[];
  defaults: (fields: Fields, networking: NeutronNetworking) => Fields;
}

const common = ['name', 'description', 'project_id', 'tenant_id'];

const collections: readonly NeutronCollection[] = [
  {
    path: 'networks', singular: 'network', plural: 'networks', kind: 'network',
    writable: [...common, 'admin_state_up', 'mtu', 'shared', 'router:external', 'port_security_enabled', 'availability_zone_hints', 'dns_domain'],
    updatable: ['name', 'description', 'admin_state_up', 'mtu', 'port_security_enabled'],
    defaults: () => ({ name: '', description: '', admin_state_up: true, mtu: 1450, shared: false, 'router:external': false, port_security_enabled: true, status: 'ACTIVE', subnets: [], availability_zones: ['nova'] }),
  },
  {
    path: 'subnets', singular: 'subnet', plural: 'subnets', kind: 'subnet',
    writable: [...common, 'network_id', 'cidr', 'ip_version', 'gateway_ip', 'enable_dhcp', 'dns_nameservers', 'allocation_pools', 'host_routes', 'subnetpool_id'],
    updatable: ['name', 'description', 'gateway_ip', 'enable_dhcp', 'dns_nameservers', 'allocation_pools', 'host_routes'],
    defaults: () => ({ name: '', description: '', ip_version: 4, enable_dhcp: true, dns_nameservers: [], host_routes: [] }),
  },
  {
    path: 'routers', singular: 'router', plural: 'routers', kind: 'router',
    writable: [...common, 'admin_state_up', 'external_gateway_info', 'distributed', 'ha'],
    updatable: ['name', 'description', 'admin_state_up', 'external_gateway_info'],
    defaults: () => ({ name: '', description: '', admin_state_up: true, status: 'ACTIVE', external_gateway_info: null, routes: [] }),
  },
  {
    path: 'ports', singular: 'port', plural: 'ports', kind: 'port',
    writable: [...common, 'network_id', 'admin_state_up', 'fixed_ips', 'security_groups', 'device_id', 'device_owner', 'allowed_address_pairs', 'port_security_enabled', 'mac_address', 'binding:vnic_type'],
    updatable: ['name', 'description', 'admin_state_up', 'security_groups', 'allowed_address_pairs', 'device_id', 'device_owner', 'port_security_enabled'],
    defaults: () => ({ name: '', description: '', admin_state_up: true, status: 'DOWN', device_id: '', device_owner: '', allowed_address_pairs: [], port_security_enabled: true, 'binding:vnic_type': 'normal' }),
  },
  {
    path: 'security-groups', singular: 'security_group', plural: 'security_groups', kind: 'security-group',
    writable: [...common, 'stateful'],
    updatable: ['name', 'description', 'stateful'],
    defaults: () => ({ name: '', description: '', stateful: true }),
  },
  {
    path: 'security-group-rules', singular: 'security_group_rule', plural: 'security_group_rules', kind: 'security-group-rule',
    writable: ['description', 'project_id', 'tenant_id', 'security_group_id', 'direction', 'ethertype', 'protocol', 'port_range_min', 'port_range_max', 'remote_ip_prefix', 'remote_group_id', 'remote_address_group_id'],
    updatable: ['description'],
    defaults: () => ({ description: '', ethertype: 'IPv4', protocol: null, port_range_min: null, port_range_max: null, remote_ip_prefix: null, remote_group_id: null, remote_address_group_id: null }),
  },
  {
    path: 'floatingips', singular: 'floatingip', plural: 'floatingips', kind: 'floating-ip',
    writable: ['description', 'project_id', 'tenant_id', 'floating_network_id', 'port_id', 'fixed_ip_address', 'floating_ip_address', 'subnet_id'],
    updatable: ['description', 'port_id', 'fixed_ip_address'],
    defaults: () => ({ description: '', port_id: null, fixed_ip_address: null, router_id: null, status: 'DOWN' }),
  },
];

const notFoundCode: Record<string, string> = {
  network: 'NetworkNotFound', subnet: 'SubnetNotFound', router: 'RouterNotFound', port: 'PortNotFound',
  'security-group': 'SecurityGroupNotFound', 'security-group-rule': 'SecurityGroupRuleNotFound', 'floating-ip': 'FloatingIPNotFound',
};

const badRequest = (message: string) => openStackError(400, 'HTTPBadRequest', message);

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((total, part) => total * 256 + Number(part), 0);
}

function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function parseCidr(cidr: unknown): { base: number; size: number } {
  const match = typeof cidr === 'string' ? /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr) : null;
  if (!match || Number(match[2]) > 30 || match[1]!.split('.').some((part) => Number(part) > 255)) {
    throw badRequest(`Invalid input for cidr. Reason: '${String(cidr)}' is not a valid IPv4 subnet (prefix length up to /30).`);
  }
  const prefix = Number(match[2]);
  const size = 2 ** (32 - prefix);
  const base = Math.floor(ipv4ToNumber(match[1]!) / size) * size;
  return { base, size };
}

export class NeutronNetworking {
  readonly cloud: OpenStackCloud;
  private readonly store;

  constructor(cloud: OpenStackCloud) {
    this.cloud = cloud;
    this.store = cloud.runtime.store;
    // What a fresh devstack has before the first request: an external network `public`
    // (172.24.4.0/24, floating IPs) and a tenant network `private` (10.0.0.0/26).
    const external = this.insert(collections[0]!, { name: 'public', 'router:external': true, shared: false }, [], undefined, cloud.seedIds.publicNetwork);
    this.insert(collections[1]!, { name: 'public-subnet', network_id: external.id, cidr: '172.24.4.0/24', gateway_ip: '172.24.4.1' }, []);
    external.attributes['subnets'] = this.store.list({ kind: 'subnet', consistent: true }).map((subnet) => subnet.id);
    const tenant = this.insert(collections[0]!, { name: 'private' }, [], undefined, cloud.seedIds.privateNetwork);
    const tenantSubnet = this.insert(collections[1]!, { name: 'private-subnet', network_id: tenant.id, cidr: '10.0.0.0/26', gateway_ip: '10.0.0.1', allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.62' }] }, []);
    tenant.attributes['subnets'] = [tenantSubnet.id];
    cloud.externalNetworkId = external.id;
    // Neutron makes a project's `default` group on its first request; a project in use has one.
    this.defaultSecurityGroup();
  }

  /** The project's security group `default` (made once, as Neutron does on a project's first request). */
  defaultSecurityGroup(): StoredResource {
    const existing = this.store.list({ kind: 'security-group', consistent: true }).find((group) => group.attributes['name'] === 'default');
    return existing ?? this.insert(collections[4]!, { name: 'default', description: 'Default security group' }, []);
  }

  collectionOf(path: string): NeutronCollection | undefined {
    return collections.find((collection) => collection.path === path);
  }

  render(resource: StoredResource): Fields {
    const attributes = resource.attributes;
    const { tags, revision, ...fields } = attributes;
    const createdAt = new Date(resource.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return {
      id: resource.id,
      ...fields,
      ...(Array.isArray(tags) ? { tags } : {}),
      created_at: createdAt,
      updated_at: attributes['updated_at'] ?? createdAt,
      revision_number: revision ?? 1,
      project_id: this.cloud.credentials.projectId,
      tenant_id: this.cloud.credentials.projectId,
      ...(resource.kind === 'security-group' ? { security_group_rules: this.rulesOf(resource.id).map((rule) => this.render(rule)) } : {}),
    };
  }

  require(kind: string, id: string, consistent: boolean): StoredResource {
    const resource = this.store.get(kind, id, { consistent });
    if (resource === undefined) throw openStackError(404, notFoundCode[kind] ?? 'NotFound', `${kind.replace(/-/g, ' ').replace(/^./, (first) => first.toUpperCase())} ${id} could not be found.`);
    return resource;
  }

  handle(request: EmulatorHttpRequest, segments: readonly string[]): EmulatorHttpReply {
    const [path, id, verb] = segments;
    const collection = this.collectionOf(path ?? '');
    if (collection === undefined) throw openStackError(404, 'HTTPNotFound', `The resource could not be found.`);
    const method = request.method;
    if (id === undefined && method === 'GET') return this.list(collection, request.url.searchParams);
    if (id === undefined && method === 'POST') {
      const fields = wrapped(request, collection.singular, 'HTTPBadRequest');
      const { tags, ...rest } = fields;
      const created = this.create(collection, rest, tagList(tags, 'tags', 'HTTPBadRequest'));
      return { status: 201, body: { [collection.singular]: this.render(created) } };
    }
    if (id === undefined) throw openStackError(405, 'HTTPMethodNotAllowed', 'The method is not allowed for this resource.');
    if (verb === 'tags' && method === 'PUT') {
      const resource = this.require(collection.kind, id, true);
      const body = request.json() as Fields | undefined;
      const tags = tagList(body?.['tags'], 'tags', 'HTTPBadRequest');
      this.setTags(resource, tags);
      return { status: 200, body: { tags } };
    }
    if (verb === 'tags' && method === 'GET') {
      return { status: 200, body: { tags: this.require(collection.kind, id, false).attributes['tags'] } };
    }
    if ((verb === 'add_router_interface' || verb === 'remove_router_interface') && method === 'PUT' && collection.kind === 'router') {
      const router = this.require('router', id, true);
      const body = request.json() as Fields | undefined;
      return { status: 200, body: verb === 'add_router_interface' ? this.addRouterInterface(router, body ?? {}) : this.removeRouterInterface(router, body ?? {}) };
    }
    if (verb !== undefined) throw openStackError(404, 'HTTPNotFound', 'The resource could not be found.');
    if (method === 'GET') return { status: 200, body: { [collection.singular]: this.render(this.require(collection.kind, id, false)) } };
    if (method === 'PUT') {
      const resource = this.require(collection.kind, id, true);
      this.update(collection, resource, wrapped(request, collection.singular, 'HTTPBadRequest'));
      return { status: 200, body: { [collection.singular]: this.render(resource) } };
    }
    if (method === 'DELETE') {
      this.delete(collection, this.require(collection.kind, id, true));
      return { status: 204 };
    }
    throw openStackError(405, 'HTTPMethodNotAllowed', 'The method is not allowed for this resource.');
  }

  private list(collection: NeutronCollection, query: URLSearchParams): EmulatorHttpReply {
    const reserved = new Set(['limit', 'marker', 'fields', 'sort_key', 'sort_dir', 'tags', 'tags-any', 'not-tags', 'not-tags-any', 'page_reverse']);
    const filters = [...new Set(query.keys())].filter((key) => !reserved.has(key));
    const rendered = this.store
      .list({ kind: collection.kind })
      .sort((left, right) => (left.id < right.id ? -1 : 1))
      .map((resource) => this.render(resource) as Fields & { id: string })
      .filter((resource) => matchesTagFilters((resource['tags'] as string[] | undefined) ?? [], query))
      .filter((resource) => filters.every((key) => query.getAll(key).some((value) => String(resource[key]) === value)));
    const { page, next } = pageOf(rendered, query, 1000, 'HTTPBadRequest');
    return {
      status: 200,
      body: {
        [collection.plural]: page,
        ...(next !== undefined ? { [`${collection.plural}_links`]: [{ rel: 'next', href: `?limit=${page.length}&marker=${next}` }] } : {}),
      },
    };
  }

  /** Creates a resource after Neutron's checks; `fields` are the request's, without `tags`. */
  create(collection: NeutronCollection, fields: Fields, tags: string[]): StoredResource {
    const unknown = Object.keys(fields).filter((key) => !collection.writable.includes(key));
    if (unknown.length > 0) throw badRequest(`Unrecognized attribute(s) '${unknown.join(', ')}'`);
    switch (collection.kind) {
      case 'subnet': {
        const network = this.require('network', String(fields['network_id']), true);
        const { base, size } = parseCidr(fields['cidr']);
        if (fields['ip_version'] !== undefined && fields['ip_version'] !== 4) throw badRequest('The emulator serves IPv4 subnets only (ip_version 4).');
        const subnet = this.insert(collection, { gateway_ip: numberToIpv4(base + 1), allocation_pools: [{ start: numberToIpv4(base + 2), end: numberToIpv4(base + size - 2) }], ...fields }, tags);
        network.attributes['subnets'] = [...(network.attributes['subnets'] as string[]), subnet.id];
        return subnet;
      }
      case 'port': {
        const network = this.require('network', String(fields['network_id']), true);
        const groups = fields['security_groups'] === undefined ? [this.defaultSecurityGroup().id] : fields['security_groups'];
        if (!Array.isArray(groups)) throw badRequest('Invalid input for security_groups: expected a list of ids.');
        for (const group of groups) this.require('security-group', String(group), true);
        const fixedIps = this.allocateFixedIps(network, fields['fixed_ips']);
        return this.insert(collection, { ...fields, security_groups: groups, fixed_ips: fixedIps, mac_address: fields['mac_address'] ?? `fa:16:3e:${randomBytes(3).toString('hex').match(/../g)!.join(':')}` }, tags);
      }
      case 'router': {
        const gateway = fields['external_gateway_info'];
        if (gateway !== undefined && gateway !== null) this.requireExternal((gateway as Fields)['network_id']);
        return this.insert(collection, { ...fields, interfaces: [] }, tags);
      }
      case 'security-group': {
        const group = this.insert(collection, fields, tags);
        for (const ethertype of ['IPv4', 'IPv6']) this.insert(collections[5]!, { security_group_id: group.id, direction: 'egress', ethertype }, [], group.id);
        return group;
      }
      case 'security-group-rule': {
        const group = this.require('security-group', String(fields['security_group_id']), true);
        if (fields['direction'] !== 'ingress' && fields['direction'] !== 'egress') throw badRequest(`Invalid input for direction. Reason: ${JSON.stringify(fields['direction'])} is not in ['ingress', 'egress'].`);
        const candidate = { ...collection.defaults(fields, this), ...fields };
        const same = (rule: StoredResource) =>
          ['direction', 'ethertype', 'protocol', 'port_range_min', 'port_range_max', 'remote_ip_prefix', 'remote_group_id'].every((key) => String(rule.attributes[key] ?? null) === String(candidate[key] ?? null));
        const duplicate = this.rulesOf(group.id).find(same);
        if (duplicate) throw openStackError(409, 'SecurityGroupRuleExists', `Security group rule already exists. Rule id is ${duplicate.id}.`);
        if (fields['remote_group_id'] !== undefined && fields['remote_group_id'] !== null) this.require('security-group', String(fields['remote_group_id']), true);
        return this.insert(collection, fields, tags, group.id);
      }
      case 'floating-ip': {
        this.requireExternal(fields['floating_network_id']);
        const used = new Set(this.store.list({ kind: 'floating-ip', consistent: true }).map((other) => String(other.attributes['floating_ip_address'])));
        const requested = fields['floating_ip_address'];
        if (typeof requested === 'string' && used.has(requested)) throw openStackError(409, 'IpAddressAlreadyAllocated', `IP address ${requested} already allocated in subnet of network ${String(fields['floating_network_id'])}`);
        let address = typeof requested === 'string' ? requested : this.cloud.newExternalAddress();
        while (used.has(address)) address = this.cloud.newExternalAddress();
        const floating = this.insert(collection, { ...fields, floating_ip_address: address, status: 'DOWN' }, tags);
        if (fields['port_id'] !== undefined && fields['port_id'] !== null) this.associate(floating, String(fields['port_id']));
        return floating;
      }
      default:
        return this.insert(collection, fields, tags);
    }
  }

  private insert(collection: NeutronCollection, fields: Fields, tags: string[], ownerId?: string, id: string = randomUUID()): StoredResource {
    return this.store.create({
      kind: collection.kind,
      id,
      tags: tagMapOf(tags),
      ...(ownerId !== undefined ? { ownerId } : {}),
      attributes: { ...collection.defaults(fields, this), ...fields, tags },
    });
  }

  private setTags(resource: StoredResource, tags: string[]): void {
    resource.attributes['tags'] = tags;
    resource.tags = tagMapOf(tags);
    this.touch(resource);
  }

  private touch(resource: StoredResource): void {
    resource.attributes['revision'] = Number(resource.attributes['revision'] ?? 1) + 1;
    resource.attributes['updated_at'] = new Date(this.cloud.runtime.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  private update(collection: NeutronCollection, resource: StoredResource, fields: Fields): void {
    const unknown = Object.keys(fields).filter((key) => !collection.updatable.includes(key));
    if (unknown.length > 0) throw badRequest(`Cannot update read-only attribute(s) ${unknown.join(', ')}`);
    if (collection.kind === 'floating-ip' && 'port_id' in fields) {
      if (fields['port_id'] === null) this.dissociate(resource);
      else this.associate(resource, String(fields['port_id']));
    }
    if (collection.kind === 'port' && fields['security_groups'] !== undefined) {
      for (const group of fields['security_groups'] as unknown[]) this.require('security-group', String(group), true);
    }
    if (collection.kind === 'router' && fields['external_gateway_info']) this.requireExternal((fields['external_gateway_info'] as Fields)['network_id']);
    const { port_id: _portId, ...rest } = fields;
    Object.assign(resource.attributes, collection.kind === 'floating-ip' ? rest : fields);
    this.touch(resource);
  }

  private delete(collection: NeutronCollection, resource: StoredResource): void {
    const live = (kind: string) => this.store.list({ kind, consistent: true });
    switch (collection.kind) {
      case 'network': {
        const inUse = live('port').some((port) => port.attributes['network_id'] === resource.id && port.attributes['device_owner'] !== 'network:dhcp');
        if (inUse) throw openStackError(409, 'NetworkInUse', `Unable to complete operation on network ${resource.id}. There are one or more ports still in use on the network.`);
        for (const subnet of live('subnet').filter((candidate) => candidate.attributes['network_id'] === resource.id)) this.forget(subnet);
        break;
      }
      case 'subnet': {
        const inUse = live('port').some((port) => (port.attributes['fixed_ips'] as Fields[]).some((ip) => ip['subnet_id'] === resource.id));
        if (inUse) throw openStackError(409, 'SubnetInUse', `Unable to complete operation on subnet ${resource.id}: One or more ports have an IP allocation from this subnet.`);
        const network = this.store.get('network', String(resource.attributes['network_id']), { consistent: true });
        if (network) network.attributes['subnets'] = (network.attributes['subnets'] as string[]).filter((id) => id !== resource.id);
        break;
      }
      case 'router':
        if ((resource.attributes['interfaces'] as unknown[]).length > 0) {
          throw openStackError(409, 'RouterInUse', `Router ${resource.id} still has ports`);
        }
        break;
      case 'security-group': {
        const inUse = live('port').some((port) => (port.attributes['security_groups'] as string[]).includes(resource.id));
        if (inUse) throw openStackError(409, 'SecurityGroupInUse', `Security Group ${resource.id} in use.`);
        break;
      }
      case 'port': {
        if (String(resource.attributes['device_owner']).startsWith('network:router_interface')) {
          throw openStackError(409, 'PortInUse', `Port ${resource.id} cannot be deleted directly via the port API: has device owner network:router_interface.`);
        }
        for (const floating of live('floating-ip').filter((candidate) => candidate.attributes['port_id'] === resource.id)) this.dissociate(floating);
        break;
      }
    }
    for (const owned of this.store.list({ ownerId: resource.id, consistent: true })) this.forget(owned);
    this.forget(resource);
  }

  private forget(resource: StoredResource): void {
    resource.state = 'deleted';
    this.store.remove(resource.kind, resource.id);
  }

  private rulesOf(groupId: string): StoredResource[] {
    return this.store.list({ kind: 'security-group-rule', ownerId: groupId, consistent: true });
  }

  private requireExternal(networkId: unknown): StoredResource {
    const network = this.store.get('network', String(networkId), { consistent: true });
    if (network === undefined || network.attributes['router:external'] !== true) {
      throw openStackError(404, 'ExternalNetworkNotFound', `External network ${String(networkId)} could not be found.`);
    }
    return network;
  }

  private allocateFixedIps(network: StoredResource, requested: unknown): Fields[] {
    const subnetIds = network.attributes['subnets'] as string[];
    const wanted = Array.isArray(requested) && requested.length > 0 ? (requested as Fields[]) : subnetIds.length > 0 ? [{ subnet_id: subnetIds[0] }] : [];
    return wanted.map((entry) => {
      const subnetId = String(entry['subnet_id'] ?? subnetIds[0]);
      if (!subnetIds.includes(subnetId)) throw badRequest(`Invalid input for operation: Failed to create port on network ${network.id}, because fixed_ips included invalid subnet ${subnetId}.`);
      const subnet = this.require('subnet', subnetId, true);
      if (typeof entry['ip_address'] === 'string') return { subnet_id: subnetId, ip_address: entry['ip_address'] };
      const pool = (subnet.attributes['allocation_pools'] as { start: string; end: string }[])[0]!;
      const used = Number(subnet.attributes['allocated'] ?? 0);
      const address = ipv4ToNumber(pool.start) + used;
      if (address > ipv4ToNumber(pool.end)) throw openStackError(409, 'IpAddressGenerationFailure', `No more IP addresses available on network ${network.id}.`);
      subnet.attributes['allocated'] = used + 1;
      return { subnet_id: subnetId, ip_address: numberToIpv4(address) };
    });
  }

  private associate(floating: StoredResource, portId: string): void {
    const port = this.require('port', portId, true);
    const fixed = (port.attributes['fixed_ips'] as Fields[])[0];
    if (fixed === undefined) throw badRequest(`Port ${portId} does not have any fixed IP address.`);
    const taken = this.store.list({ kind: 'floating-ip', consistent: true }).find((other) => other.id !== floating.id && other.attributes['port_id'] === portId);
    if (taken) throw openStackError(409, 'FloatingIPPortAlreadyAssociated', `Cannot associate floating IP ${String(floating.attributes['floating_ip_address'])} with port ${portId}: it already has floating IP ${String(taken.attributes['floating_ip_address'])}.`);
    Object.assign(floating.attributes, { port_id: portId, fixed_ip_address: fixed['ip_address'], status: 'ACTIVE' });
    this.touch(floating);
  }

  private dissociate(floating: StoredResource): void {
    Object.assign(floating.attributes, { port_id: null, fixed_ip_address: null, status: 'DOWN' });
    this.touch(floating);
  }

  private addRouterInterface(router: StoredResource, body: Fields): Fields {
    const subnet = this.require('subnet', String(body['subnet_id']), true);
    const interfaces = router.attributes['interfaces'] as Fields[];
    if (interfaces.some((entry) => entry['subnet_id'] === subnet.id)) {
      throw badRequest(`Bad router request: Router already has a port on subnet ${subnet.id}.`);
    }
    const network = this.require('network', String(subnet.attributes['network_id']), true);
    const port = this.insert(collections[3]!, {
      network_id: network.id,
      fixed_ips: [{ subnet_id: subnet.id, ip_address: subnet.attributes['gateway_ip'] }],
      device_id: router.id,
      device_owner: 'network:router_interface',
      security_groups: [],
      mac_address: `fa:16:3e:${randomBytes(3).toString('hex').match(/../g)!.join(':')}`,
      status: 'ACTIVE',
    }, [], router.id);
    interfaces.push({ subnet_id: subnet.id, port_id: port.id });
    this.touch(router);
    return { id: router.id, subnet_id: subnet.id, subnet_ids: [subnet.id], port_id: port.id, network_id: network.id, tenant_id: this.cloud.credentials.projectId, project_id: this.cloud.credentials.projectId };
  }

  private removeRouterInterface(router: StoredResource, body: Fields): Fields {
    const interfaces = router.attributes['interfaces'] as Fields[];
    const index = interfaces.findIndex((entry) => entry['subnet_id'] === body['subnet_id'] || (body['port_id'] !== undefined && entry['port_id'] === body['port_id']));
    if (index < 0) throw openStackError(404, 'RouterInterfaceNotFoundForSubnet', `Router ${router.id} has no interface on subnet ${String(body['subnet_id'])}.`);
    const [removed] = interfaces.splice(index, 1);
    const port = this.store.get('port', String(removed!['port_id']), { consistent: true });
    if (port) this.forget(port);
    this.touch(router);
    return { id: router.id, subnet_id: removed!['subnet_id'], port_id: removed!['port_id'] };
  }

  /** Nova binds a port to a server (and unbinds it when the server goes). */
  bindPort(portId: string, serverId: string, availabilityZone: string): StoredResource {
    const port = this.require('port', portId, true);
    if (port.attributes['device_id'] !== '' && port.attributes['device_id'] !== serverId) {
      throw openStackError(409, 'conflictingRequest', `Port ${portId} is still in use.`);
    }
    Object.assign(port.attributes, { device_id: serverId, device_owner: `compute:${availabilityZone}`, status: 'ACTIVE' });
    this.touch(port);
    return port;
  }

  unbindPorts(serverId: string): void {
    for (const port of this.store.list({ kind: 'port', consistent: true }).filter((candidate) => candidate.attributes['device_id'] === serverId)) {
      Object.assign(port.attributes, { device_id: '', device_owner: '', status: 'DOWN' });
      this.touch(port);
    }
  }

  /** A port a service makes itself (Nova for `networks: [{uuid}]`, Octavia for a VIP): owned by its device and deleted with it. */
  createDevicePort(networkId: string, deviceId: string, deviceOwner: string, subnetId?: string): StoredResource {
    const network = this.require('network', networkId, true);
    return this.insert(collections[3]!, {
      network_id: network.id,
      fixed_ips: this.allocateFixedIps(network, subnetId === undefined ? undefined : [{ subnet_id: subnetId }]),
      security_groups: deviceOwner.startsWith('compute:') ? [this.defaultSecurityGroup().id] : [],
      device_id: deviceId,
      device_owner: deviceOwner,
      mac_address: `fa:16:3e:${randomBytes(3).toString('hex').match(/../g)!.join(':')}`,
      status: 'ACTIVE',
    }, [], deviceId);
  }

  floatingAddressOf(portId: string): string | undefined {
    const floating = this.store.list({ kind: 'floating-ip', consistent: true }).find((candidate) => candidate.attributes['port_id'] === portId);
    return floating === undefined ? undefined : String(floating.attributes['floating_ip_address']);
  }
}
