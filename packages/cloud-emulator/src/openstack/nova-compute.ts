/**
 * Nova (compute API v2.1 with microversions up to 2.96): servers, flavors,
 * availability zones, server groups. A server is the framework's `instance`
 * kind, so the lifecycle moves it BUILD → ACTIVE on the emulator clock (or to
 * ERROR with a fault, when the test asked for failed builds), the machine
 * simulator boots its user data, and the side door sees its metadata as tags.
 * Pre-created ports are bound to it and unbound when it goes; ports Nova makes
 * for `networks: [{uuid}]` belong to it and go with it. Every request body is
 * first checked against Nova's own schema of its microversion (nova-request-schemas.ts).
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorHttpReply, EmulatorHttpRequest } from '../server/emulator-http-request.js';
import type { StoredResource } from '../store/stored-resource.js';
import type { NeutronNetworking } from './neutron-networking.js';
import type { OpenStackCloud } from './openstack-cloud.js';
import { checkNovaRequestBody } from './nova-request-schemas.js';
import { openStackError } from './openstack-error.js';
import { matchesTagFilters, optionalString, pageOf, tagList, wrapped, type Fields } from './openstack-request.js';

export const novaMaximumMicroversion = { major: 2, minor: 96 };

export interface Microversion {
  major: number;
  minor: number;
}

/** The compute microversion a request asked for (`OpenStack-API-Version: compute 2.79`); 2.1 when it named none. */
export function requestedMicroversion(request: EmulatorHttpRequest): Microversion {
  const modern = request.headers['openstack-api-version'];
  const legacy = request.headers['x-openstack-nova-api-version'];
  const text = typeof modern === 'string' ? /compute\s+([\d.]+|latest)/i.exec(modern)?.[1] : typeof legacy === 'string' ? legacy.trim() : undefined;
  if (text === undefined) return { major: 2, minor: 1 };
  if (text === 'latest') return novaMaximumMicroversion;
  const match = /^(\d+)\.(\d+)$/.exec(text);
  if (!match) throw openStackError(400, 'badRequest', `Invalid format for API version: ${text}. The version must be of the form X.Y.`);
  const version = { major: Number(match[1]), minor: Number(match[2]) };
  if (version.major !== 2 || version.minor > novaMaximumMicroversion.minor || version.minor < 1) {
    throw openStackError(406, 'notAcceptable', `Version ${text} is not supported by the API. Minimum is 2.1 and maximum is 2.${novaMaximumMicroversion.minor}.`);
  }
  return version;
}

const atLeast = (version: Microversion, minor: number) => version.minor >= minor;

const statusOfState: Record<string, string> = {
  pending: 'BUILD',
  running: 'ACTIVE',
  stopping: 'ACTIVE',
  stopped: 'SHUTOFF',
  terminating: 'ACTIVE',
  error: 'ERROR',
};

const badRequest = (message: string) => openStackError(400, 'badRequest', message);
const notFound = (id: string) => openStackError(404, 'itemNotFound', `Instance ${id} could not be found.`);

/** Nova's user_data limit: 65,535 bytes of base64 text. */
export const novaUserDataLimit = 65_535;

export class NovaCompute {
  private readonly cloud: OpenStackCloud;
  private readonly networking: NeutronNetworking;

  constructor(cloud: OpenStackCloud, networking: NeutronNetworking) {
    this.cloud = cloud;
    this.networking = networking;
    cloud.runtime.lifecycle.onTransition((instance, _from, to) => {
      if (to === 'terminated') networking.unbindPorts(instance.id);
    });
  }

  handle(request: EmulatorHttpRequest, segments: readonly string[]): EmulatorHttpReply {
    const version = requestedMicroversion(request);
    const reply = this.route(request, segments, version);
    return { ...reply, headers: { ...reply.headers, 'openstack-api-version': `compute ${version.major}.${version.minor}`, 'x-openstack-nova-api-version': `${version.major}.${version.minor}`, vary: 'OpenStack-API-Version, X-OpenStack-Nova-API-Version' } };
  }

  private route(request: EmulatorHttpRequest, segments: readonly string[], version: Microversion): EmulatorHttpReply {
    const [collection, id, sub] = segments;
    const method = request.method;
    const query = request.url.searchParams;
    if (collection === 'servers') {
      if (id === undefined && method === 'POST') {
        checkNovaRequestBody('servers.create', version, request.json());
        return this.createServer(request, version);
      }
      if ((id === undefined || id === 'detail') && method === 'GET') return this.listServers(query, id === 'detail', version);
      if (id !== undefined && sub === undefined && method === 'GET') return { status: 200, body: { server: this.renderServer(this.requireServer(id, false), version) } };
      if (id !== undefined && sub === undefined && method === 'DELETE') {
        this.requireServer(id, true);
        this.cloud.runtime.lifecycle.terminate(id);
        return { status: 204 };
      }
      if (id !== undefined && sub === 'metadata' && method === 'GET') return { status: 200, body: { metadata: this.requireServer(id, false).attributes['metadata'] } };
      if (id !== undefined && sub === 'metadata' && method === 'POST') {
        checkNovaRequestBody('servers/metadata.create', version, request.json());
        const server = this.requireServer(id, true);
        const body = request.json() as Fields | undefined;
        const metadata = { ...(server.attributes['metadata'] as Record<string, string>), ...this.metadataOf(body?.['metadata']) };
        this.checkMetadataCount(metadata);
        server.attributes['metadata'] = metadata;
        server.tags = { ...metadata };
        return { status: 200, body: { metadata } };
      }
    }
    if (collection === 'flavors' && method === 'GET') {
      if (id === undefined || id === 'detail') return { status: 200, body: { flavors: this.cloud.flavors.map((flavor) => this.renderFlavor(flavor.id, id === 'detail')) } };
      if (!this.cloud.flavor(id)) throw openStackError(404, 'itemNotFound', `Flavor ${id} could not be found.`);
      return { status: 200, body: { flavor: this.renderFlavor(id, true) } };
    }
    if (collection === 'os-availability-zone' && method === 'GET') {
      return { status: 200, body: { availabilityZoneInfo: this.cloud.availabilityZones.map((zoneName) => ({ zoneName, zoneState: { available: true }, hosts: null })) } };
    }
    if (collection === 'os-server-groups') return this.serverGroups(request, id, version);
    throw openStackError(404, 'itemNotFound', `The resource could not be found.`);
  }

  private requireServer(id: string, consistent: boolean): StoredResource {
    const server = this.cloud.runtime.store.get('instance', id, { consistent });
    if (server === undefined) throw notFound(id);
    return server;
  }

  private metadataOf(value: unknown): Record<string, string> {
    if (value === undefined) return {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest("Invalid input for field/attribute metadata. Value: not an object.");
    for (const [key, item] of Object.entries(value as Fields)) {
      if (key.length < 1 || key.length > 255 || typeof item !== 'string' || item.length > 255) {
        throw badRequest(`Invalid input for field/attribute metadata. Keys are 1 to 255 characters and values strings of at most 255 (key ${JSON.stringify(key)}).`);
      }
    }
    return value as Record<string, string>;
  }

  private checkMetadataCount(metadata: Record<string, string>): void {
    if (Object.keys(metadata).length > 128) throw openStackError(403, 'forbidden', 'Quota exceeded for metadata_items: Requested more than the 128 allowed.');
  }

  private createServer(request: EmulatorHttpRequest, version: Microversion): EmulatorHttpReply {
    const server = wrapped(request, 'server');
    const body = request.json() as Fields;
    const name = optionalString(server, 'name', 'badRequest');
    if (name === undefined || name.trim().length === 0) throw badRequest("Invalid input for field/attribute name. Value: None. None is not of type 'string'");
    const flavorRef = server['flavorRef'];
    if (typeof flavorRef !== 'string' && typeof flavorRef !== 'number') throw badRequest("Invalid input for field/attribute flavorRef. Value: None. 'flavorRef' is a required property");
    const flavor = this.cloud.flavor(String(flavorRef));
    if (!flavor) throw badRequest(`Flavor ${String(flavorRef)} could not be found.`);
    const mappings = server['block_device_mapping_v2'];
    const bootVolume = Array.isArray(mappings) ? (mappings as Fields[]).find((mapping) => Number(mapping['boot_index']) === 0) : undefined;
    const imageReference = typeof server['imageRef'] === 'string' && server['imageRef'] !== '' ? server['imageRef'] : bootVolume?.['source_type'] === 'image' ? String(bootVolume['uuid']) : undefined;
    if (imageReference === undefined) throw badRequest('Block Device Mapping is Invalid: You specified more local devices than the limit allows, or no image and no bootable volume was given.');
    const image = this.cloud.image(imageReference);
    if (!image) throw badRequest(`Image ${imageReference} could not be found.`);
    if (bootVolume !== undefined && !(Number(bootVolume['volume_size']) >= flavor.disk || bootVolume['destination_type'] !== 'volume')) {
      throw badRequest(`Volume size ${String(bootVolume['volume_size'])} GiB is smaller than the image needs.`);
    }
    const availabilityZone = optionalString(server, 'availability_zone', 'badRequest') ?? this.cloud.availabilityZones[0]!;
    if (!this.cloud.availabilityZones.includes(availabilityZone)) throw badRequest('The requested availability zone is not available');
    const userDataText = server['user_data'];
    let userData: Buffer | undefined;
    if (userDataText !== undefined && userDataText !== null) {
      if (typeof userDataText !== 'string' || userDataText.length > novaUserDataLimit || !/^[A-Za-z0-9+/]*={0,2}$/.test(userDataText) || userDataText.length % 4 !== 0) {
        throw badRequest(`Invalid input for field/attribute user_data. Value: ${String(userDataText).slice(0, 40)}…. User data must be base64 of at most ${novaUserDataLimit} characters.`);
      }
      userData = Buffer.from(userDataText, 'base64');
    }
    const metadata = this.metadataOf(server['metadata']);
    this.checkMetadataCount(metadata);
    if (server['tags'] !== undefined && !atLeast(version, 52)) throw badRequest("Invalid input for field/attribute server. Additional properties are not allowed ('tags' was unexpected)");
    const tags = tagList(server['tags'], 'tags', 'badRequest');
    const hints = body['OS-SCH-HNT:scheduler_hints'] as Fields | undefined;
    const group = hints?.['group'];
    if (group !== undefined && this.cloud.runtime.store.get('server-group', String(group), { consistent: true }) === undefined) {
      throw badRequest(`Invalid server group ${String(group)}: not found.`);
    }
    const networks = server['networks'];
    if (networks === undefined && atLeast(version, 37)) throw badRequest("Invalid input for field/attribute server. 'networks' is a required property");
    const requested = Array.isArray(networks) ? (networks as Fields[]) : [];
    for (const network of requested) {
      if (network['port'] !== undefined) this.networking.require('port', String(network['port']), true);
      else if (network['uuid'] !== undefined) this.networking.require('network', String(network['uuid']), true);
      else throw badRequest('Invalid input for networks: each entry names a port or a network uuid.');
    }

    const id = randomUUID();
    const now = new Date(this.cloud.runtime.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const attributes: Fields = {
      name,
      flavorId: flavor.id,
      imageId: bootVolume === undefined ? image.id : '',
      availabilityZone,
      metadata,
      serverTags: tags,
      keyName: server['key_name'] ?? null,
      securityGroups: Array.isArray(server['security_groups']) ? server['security_groups'] : [{ name: 'default' }],
      created: now,
      updated: now,
      hostId: randomUUID().replace(/-/g, ''),
      ...(group !== undefined ? { serverGroup: String(group) } : {}),
      ...(bootVolume !== undefined ? { bootVolume: { size: bootVolume['volume_size'], deleteOnTermination: bootVolume['delete_on_termination'] === true } } : {}),
    };
    const failure = this.cloud.takeBuildFailure();
    let instance: StoredResource;
    if (failure === undefined) {
      instance = this.cloud.runtime.lifecycle.launch({ id, tags: { ...metadata }, ...(userData !== undefined ? { userData } : {}), attributes });
    } else {
      // A build that fails never boots: it waits in BUILD, then shows ERROR with the scheduler's fault.
      instance = this.cloud.runtime.store.create({ kind: 'instance', id, state: 'pending', tags: { ...metadata }, ...(userData !== undefined ? { userData } : {}), attributes });
      this.cloud.runtime.clock.schedule(this.cloud.runtime.lifecycle.bootDelayMilliseconds, () => {
        if (instance.state !== 'pending') return;
        instance.state = 'error';
        instance.attributes['fault'] = { code: failure.code, message: failure.message, created: new Date(this.cloud.runtime.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') };
      });
    }
    instance.attributes['ports'] = requested.map((network) =>
      network['port'] !== undefined
        ? this.networking.bindPort(String(network['port']), id, availabilityZone).id
        : this.networking.createDevicePort(String(network['uuid']), id, `compute:${availabilityZone}`).id,
    );
    if (group !== undefined) {
      const serverGroup = this.cloud.runtime.store.get('server-group', String(group), { consistent: true })!;
      serverGroup.attributes['members'] = [...(serverGroup.attributes['members'] as string[]), id];
    }
    return {
      status: 202,
      headers: { location: `${request.url.origin}${request.path}/${id}` },
      body: {
        server: {
          id,
          links: [{ rel: 'self', href: `${request.url.origin}${request.path}/${id}` }],
          'OS-DCF:diskConfig': 'MANUAL',
          security_groups: attributes['securityGroups'],
          adminPass: randomUUID().replace(/-/g, '').slice(0, 12),
        },
      },
    };
  }

  private listServers(query: URLSearchParams, detail: boolean, version: Microversion): EmulatorHttpReply {
    const name = query.get('name');
    const nameRegex = name === null ? undefined : new RegExp(name);
    const status = query.get('status');
    const servers = this.cloud.runtime.store
      .list({ kind: 'instance' })
      // Nova lists newest first.
      .sort((left, right) => right.createdAt - left.createdAt || (left.id < right.id ? -1 : 1))
      .filter((server) => nameRegex === undefined || nameRegex.test(String(server.attributes['name'])))
      .filter((server) => status === null || (statusOfState[server.state] ?? 'UNKNOWN') === status.toUpperCase())
      .filter((server) => matchesTagFilters(server.attributes['serverTags'] as string[], query));
    const { page, next } = pageOf(servers, query);
    const rendered = page.map((server) => (detail ? this.renderServer(server, version) : { id: server.id, name: server.attributes['name'], links: [] }));
    return {
      status: 200,
      body: {
        servers: rendered,
        ...(next !== undefined ? { servers_links: [{ rel: 'next', href: `servers/detail?limit=${page.length}&marker=${next}` }] } : {}),
      },
    };
  }

  renderServer(server: StoredResource, version: Microversion): Fields {
    const attributes = server.attributes;
    const addresses: Record<string, Fields[]> = {};
    for (const portId of (attributes['ports'] as string[] | undefined) ?? []) {
      const port = this.cloud.runtime.store.get('port', portId, { consistent: true });
      if (port === undefined) continue;
      const network = this.cloud.runtime.store.get('network', String(port.attributes['network_id']), { consistent: true });
      const networkName = String(network?.attributes['name'] || network?.id || 'network');
      for (const fixed of port.attributes['fixed_ips'] as Fields[]) {
        (addresses[networkName] ??= []).push({ version: 4, addr: fixed['ip_address'], 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': port.attributes['mac_address'] });
      }
      const floating = this.networking.floatingAddressOf(port.id);
      if (floating !== undefined) (addresses[networkName] ??= []).push({ version: 4, addr: floating, 'OS-EXT-IPS:type': 'floating', 'OS-EXT-IPS-MAC:mac_addr': port.attributes['mac_address'] });
    }
    const flavor = this.cloud.flavors.find((candidate) => candidate.id === attributes['flavorId'])!;
    const rendered: Fields = {
      id: server.id,
      name: attributes['name'],
      status: statusOfState[server.state] ?? 'UNKNOWN',
      tenant_id: this.cloud.credentials.projectId,
      user_id: this.cloud.credentials.userId,
      metadata: attributes['metadata'],
      hostId: attributes['hostId'],
      image: attributes['imageId'] === '' ? '' : { id: attributes['imageId'], links: [] },
      flavor: atLeast(version, 47) ? { vcpus: flavor.vcpus, ram: flavor.ram, disk: flavor.disk, ephemeral: 0, swap: 0, original_name: flavor.name, extra_specs: {} } : { id: flavor.id, links: [] },
      created: attributes['created'],
      updated: attributes['updated'],
      addresses,
      accessIPv4: '',
      accessIPv6: '',
      links: [],
      'OS-DCF:diskConfig': 'MANUAL',
      'OS-EXT-AZ:availability_zone': attributes['availabilityZone'],
      'OS-EXT-STS:power_state': server.state === 'running' ? 1 : 0,
      'OS-EXT-STS:task_state': server.state === 'terminating' ? 'deleting' : server.state === 'pending' ? 'spawning' : null,
      'OS-EXT-STS:vm_state': server.state === 'error' ? 'error' : server.state === 'pending' ? 'building' : server.state === 'stopped' ? 'stopped' : 'active',
      'os-extended-volumes:volumes_attached': [],
      key_name: attributes['keyName'],
      security_groups: attributes['securityGroups'],
      progress: 0,
      config_drive: '',
      locked: false,
    };
    if (atLeast(version, 26)) rendered['tags'] = attributes['serverTags'];
    if (server.state === 'error' && attributes['fault'] !== undefined) rendered['fault'] = attributes['fault'];
    return rendered;
  }

  private renderFlavor(id: string, detail: boolean): Fields {
    const flavor = this.cloud.flavor(id)!;
    return detail
      ? { id: flavor.id, name: flavor.name, vcpus: flavor.vcpus, ram: flavor.ram, disk: flavor.disk, 'OS-FLV-EXT-DATA:ephemeral': 0, swap: 0, rxtx_factor: 1, 'os-flavor-access:is_public': true, links: [] }
      : { id: flavor.id, name: flavor.name, links: [] };
  }

  private serverGroups(request: EmulatorHttpRequest, id: string | undefined, version: Microversion): EmulatorHttpReply {
    const store = this.cloud.runtime.store;
    const render = (group: StoredResource): Fields => ({
      id: group.id,
      name: group.attributes['name'],
      members: group.attributes['members'],
      ...(atLeast(version, 64) ? { policy: group.attributes['policy'], rules: {} } : { policies: [group.attributes['policy']], metadata: {} }),
      project_id: this.cloud.credentials.projectId,
      user_id: this.cloud.credentials.userId,
    });
    if (id === undefined && request.method === 'GET') return { status: 200, body: { server_groups: store.list({ kind: 'server-group' }).map(render) } };
    if (id === undefined && request.method === 'POST') {
      checkNovaRequestBody('os-server-groups.create', version, request.json());
      const group = wrapped(request, 'server_group');
      const name = optionalString(group, 'name', 'badRequest');
      if (name === undefined) throw badRequest("Invalid input for field/attribute server_group. 'name' is a required property");
      const policy = atLeast(version, 64) ? group['policy'] : (group['policies'] as unknown[] | undefined)?.[0];
      if (!['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'].includes(String(policy))) {
        throw badRequest(`Invalid input for field/attribute ${atLeast(version, 64) ? 'policy' : 'policies'}. Value: ${JSON.stringify(policy)}.`);
      }
      const created = store.create({ kind: 'server-group', id: randomUUID(), attributes: { name, policy, members: [] } });
      return { status: 200, body: { server_group: render(created) } };
    }
    if (id === undefined) throw openStackError(405, 'badRequest', 'The method is not allowed.');
    const group = store.get('server-group', id, { consistent: request.method !== 'GET' });
    if (group === undefined) throw openStackError(404, 'itemNotFound', `Instance group ${id} could not be found.`);
    if (request.method === 'GET') return { status: 200, body: { server_group: render(group) } };
    if (request.method === 'DELETE') {
      group.state = 'deleted';
      store.remove('server-group', id);
      return { status: 204 };
    }
    throw openStackError(405, 'badRequest', 'The method is not allowed.');
  }
}
