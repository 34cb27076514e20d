/**
 * The Machine actuator for OpenStack (Nova servers with a Neutron port each).
 *
 * OpenStack has no idempotency key, so create is made safe by names, tags and
 * looking before acting: the port and the server carry the Machine UID as a
 * tag (and in metadata, with the cluster and machine names), create first
 * lists servers by that tag and adopts what a lost reply or a crash left, reuses
 * a port it made before, and after POST /servers lists again and keeps the
 * oldest of any duplicates (deleting the rest). Within one process, creates of
 * one Machine run one at a time and remember what they made, so a second create
 * inside Nova's or Neutron's eventual-consistency window does not make another.
 *
 * - exists: one paginated, tag-filtered server listing per cluster and interval.
 * - update: a server in ERROR is a terminal CreateError with Nova's fault text;
 *   metadata follows the spec; control-plane machines join the cluster's Octavia pool.
 * - delete: the servers of the UID, then their ports (Nova leaves a port it did
 *   not create); gone once both are deleted or deleting.
 */
import {
  ProviderApiError,
  TerminalError,
  isControlPlaneMachine,
  type ActuatorContextV1,
  type Cluster,
  type ClockV1,
  type Machine,
  type MachineActuatorCapabilitiesV1,
  type MachineActuatorResultV1,
  type MachineActuatorV1,
  type MachineCreateRequestV1,
  type MachineDeleteResultV1,
  type MachineExistsResultV1,
  type MachineRequestV1,
  type OwnedInstanceV1,
} from '@slipway/core';
import { CoalescingDescriber, ownerFromTags, ownershipTags, ownershipTagKeys, requireMachineUid } from '@slipway/provider-utils';
import type { OpenStackClusterProviderSpec } from '../cluster/openstack-cluster-provider-spec.js';
import { clusterResourceNames } from '../cluster/openstack-cluster-resources.js';
import { isNotFound } from '../api/openstack-error-mapper.js';
import { listAll } from '../api/list-all.js';
import type { OpenStackConnection } from '../openstack-connection.js';
import { parseClusterProviderSpec, parseMachineProviderSpec } from '../parse-openstack-provider-spec.js';
import { encodeUserData } from './encode-user-data.js';
import { instanceStateOf } from './openstack-instance-state.js';
import type { OpenStackMachineProviderSpec } from './openstack-machine-provider-spec.js';
import { providerIdOf, serverIdOf } from './openstack-provider-id.js';
import { clusterTag, machineNameTag, machineUidTag, serverNameOf } from './openstack-resource-tags.js';
import { oldestFirst, resultOf, type NeutronPort, type NovaServer } from './openstack-server.js';

/** Metadata key telling control-plane servers from workers. */
export const machineRoleMetadataKey = 'slipway-role';

interface Remembered {
  serverId?: string;
  portId?: string;
  at: number;
}

type Context = ActuatorContextV1;

const requireUid = requireMachineUid;

function clusterNameOf(cluster: Cluster): string {
  const name = cluster.metadata.name;
  if (!name) throw new TerminalError('InvalidConfiguration', 'the Cluster has no metadata.name');
  return name;
}

export class OpenStackMachineActuator implements MachineActuatorV1 {
  readonly specificationVersion = 'v1' as const;
  readonly capabilities: MachineActuatorCapabilitiesV1 = { orphanListing: true, inPlaceUpdate: true };
  private readonly connection: OpenStackConnection;
  private readonly clock: ClockV1;
  private readonly describer: CoalescingDescriber<NovaServer>;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly remembered = new Map<string, Remembered>();
  /** How long a create remembers what it made, against reads that do not show it yet. */
  private readonly rememberMs = 15 * 60_000;

  constructor(connection: OpenStackConnection, clock: ClockV1) {
    this.connection = connection;
    this.clock = clock;
    this.describer = new CoalescingDescriber<NovaServer>({
      listScope: (scope) => this.listServers({ tags: scope }, { signal: new AbortController().signal }),
      keyOf: (server) => server.metadata?.[ownershipTagKeys.machineUid],
      intervalMs: connection.describeIntervalMs,
      clock,
    });
  }

  async create(request: MachineCreateRequestV1, context: Context): Promise<MachineActuatorResultV1> {
    const { machine, cluster } = request;
    const spec = parseMachineProviderSpec(machine);
    const clusterSpec = parseClusterProviderSpec(cluster);
    const uid = requireUid(machine);
    const userData = encodeUserData(request.bootstrapData.userData);
    return this.oneAtATime(uid, () => this.createOnce(machine, cluster, spec, clusterSpec, uid, userData, context));
  }

  private async createOnce(
    machine: Machine,
    cluster: Cluster,
    spec: OpenStackMachineProviderSpec,
    clusterSpec: OpenStackClusterProviderSpec,
    uid: string,
    userData: string,
    context: Context,
  ): Promise<MachineActuatorResultV1> {
    const { api } = this.connection;
    const memory = this.recall(uid);
    if (memory?.serverId !== undefined) {
      const known = await this.getServer(memory.serverId, context);
      if (known !== undefined) return this.settled(known);
      // Our POST was answered with this id; reads that do not show it yet are Nova catching up.
      return this.pendingResult(memory.serverId, serverNameOf(clusterNameOf(cluster), machine.metadata.name!));
    }
    const existing = await this.serversOfUid(uid, context);
    if (existing.length > 0) return this.settled(await this.keepOldest(existing, context));

    const placement = await this.placementOf(machine, cluster, spec, clusterSpec, context);
    const port = await this.portFor(machine, cluster, uid, placement, context);
    this.remember(uid, { portId: port.id });
    if (spec.floatingIp !== undefined) await this.associateFloatingIp(spec.floatingIp, port.id, context);
    const name = serverNameOf(clusterNameOf(cluster), machine.metadata.name!);
    const body: Record<string, unknown> = {
      server: {
        name,
        flavorRef: placement.flavorId,
        networks: [{ port: port.id }],
        user_data: userData,
        metadata: this.metadataOf(machine, cluster, spec),
        tags: [clusterTag(clusterNameOf(cluster)), machineUidTag(uid), ...spec.tags],
        ...(spec.availabilityZone !== undefined ? { availability_zone: spec.availabilityZone } : {}),
        ...(spec.keyName !== undefined ? { key_name: spec.keyName } : {}),
        ...(spec.rootVolume !== undefined
          ? {
              imageRef: '',
              block_device_mapping_v2: [
                {
                  boot_index: 0,
                  uuid: placement.imageId,
                  source_type: 'image',
                  destination_type: 'volume',
                  volume_size: spec.rootVolume.sizeGiB,
                  delete_on_termination: spec.rootVolume.deleteOnTermination,
                  ...(spec.rootVolume.volumeType !== undefined ? { volume_type: spec.rootVolume.volumeType } : {}),
                },
              ],
            }
          : { imageRef: placement.imageId }),
      },
      ...(placement.serverGroupId !== undefined ? { 'OS-SCH-HNT:scheduler_hints': { group: placement.serverGroupId } } : {}),
    };
    let createdId: string;
    try {
      const reply = await api.request<{ server: { id: string } }>('compute.servers.create', { method: 'POST', path: '/servers', body }, context);
      createdId = reply.body.server.id;
    } catch (error) {
      if (TerminalError.isInstance(error)) {
        // Nothing was made (quota, a refused request): the port made for it goes too.
        await this.deletePort(port.id, context).catch(() => undefined);
        this.forgetMemory(uid);
        throw error;
      }
      if (ProviderApiError.isInstance(error) && error.statusCode === 409) {
        // The port is bound already: another create of this Machine won the race.
        const winners = await this.serversOfUid(uid, context);
        if (winners.length > 0) return this.settled(await this.keepOldest(winners, context));
      }
      throw error;
    }
    this.remember(uid, { serverId: createdId, portId: port.id });
    this.describer.invalidate(clusterTag(clusterNameOf(cluster)));
    const visible = await this.serversOfUid(uid, context);
    if (visible.length === 0) return this.pendingResult(createdId, name, port);
    return this.settled(await this.keepOldest(visible, context));
  }

  async update(request: MachineRequestV1, context: Context): Promise<MachineActuatorResultV1> {
    const { machine, cluster } = request;
    const spec = parseMachineProviderSpec(machine);
    const clusterSpec = parseClusterProviderSpec(cluster);
    const uid = requireUid(machine);
    const server = await this.findServer(machine, uid, context);
    if (server === undefined) {
      throw new ProviderApiError(`no server for Machine ${machine.metadata.name} (uid ${uid}) is visible yet`, { code: 'NotYetVisible', statusCode: 404, isRetryable: true });
    }
    this.failOnError(server);
    const desired = this.metadataOf(machine, cluster, spec);
    if (Object.entries(desired).some(([key, value]) => server.metadata?.[key] !== value)) {
      await this.connection.api.request('compute.servers.metadata.create', { method: 'POST', path: `/servers/${server.id}/metadata`, body: { metadata: desired } }, context);
    }
    if (isControlPlaneMachine(machine) && clusterSpec.apiServerLoadBalancer === 'octavia') {
      await this.joinApiServerPool(cluster, clusterSpec, server, uid, context);
    }
    return resultOf({ ...server, metadata: { ...server.metadata, ...desired } });
  }

  async exists(request: MachineRequestV1, context: Context): Promise<MachineExistsResultV1> {
    const { machine, cluster } = request;
    const uid = requireUid(machine);
    const knownId = serverIdOf(machine.spec.providerID);
    const name = serverNameOf(clusterNameOf(cluster), machine.metadata.name!);
    const found = (await this.describer.findAll(clusterTag(clusterNameOf(cluster)), uid, { signal: context.signal }))
      // The UID finds candidates; the name or the recorded id decides, so copied metadata fools nobody.
      .filter((server) => server.name === name || server.id === knownId);
    const server = oldestFirst(found)[0];
    if (server === undefined) return { exists: false };
    const result = resultOf(server);
    return { exists: true, providerID: result.providerID, instanceState: result.instanceState, addresses: result.addresses };
  }

  async delete(request: MachineRequestV1, context: Context): Promise<MachineDeleteResultV1> {
    const { machine, cluster } = request;
    const uid = requireUid(machine);
    const memory = this.recall(uid);
    const serverIds = new Set<string>((await this.serversOfUid(uid, context)).map((server) => server.id));
    const knownId = serverIdOf(machine.spec.providerID);
    if (knownId !== undefined) serverIds.add(knownId);
    if (memory?.serverId !== undefined) serverIds.add(memory.serverId);
    if (isControlPlaneMachine(machine)) await this.leaveApiServerPool(cluster, uid, context);
    for (const id of serverIds) await this.deleteServer(id, context);
    const portIds = new Set<string>((await this.portsOfUid(uid, context)).map((port) => port.id));
    if (memory?.portId !== undefined) portIds.add(memory.portId);
    for (const id of portIds) await this.deletePort(id, context);
    this.forgetMemory(uid);
    this.describer.invalidate(clusterTag(clusterNameOf(cluster)));
    return { gone: true };
  }

  async listOwnedInstances(request: { cluster: Cluster }, context: Context): Promise<OwnedInstanceV1[]> {
    const servers = await this.listServers({ tags: clusterTag(clusterNameOf(request.cluster)) }, context);
    return servers.flatMap((server) => {
      const owner = ownerFromTags(server.metadata ?? {});
      if (owner === undefined || owner.clusterName !== request.cluster.metadata.name) return [];
      return [
        {
          providerID: providerIdOf(server.id),
          clusterName: owner.clusterName,
          ...(owner.machineName !== undefined ? { machineName: owner.machineName } : {}),
          ...(owner.machineUid !== undefined ? { machineUid: owner.machineUid } : {}),
          instanceState: instanceStateOf(server.status, server['OS-EXT-STS:task_state']),
        },
      ];
    });
  }

  // ---- creation parts ----

  private metadataOf(machine: Machine, cluster: Cluster, spec: OpenStackMachineProviderSpec): Record<string, string> {
    return {
      ...spec.metadata,
      ...ownershipTags({ clusterName: clusterNameOf(cluster), machineName: machine.metadata.name!, machineUid: requireUid(machine) }),
      [machineRoleMetadataKey]: isControlPlaneMachine(machine) ? 'control-plane' : 'worker',
    };
  }

  private async placementOf(machine: Machine, cluster: Cluster, spec: OpenStackMachineProviderSpec, clusterSpec: OpenStackClusterProviderSpec, context: Context) {
    const { lookups } = this.connection;
    const field = (name: string) => `spec.providerSpec.value.${name}`;
    const names = clusterResourceNames(clusterNameOf(cluster));
    const [flavorId, imageId] = await Promise.all([lookups.flavor(spec.flavor, field('flavor'), context), lookups.image(spec.image, field('image'), context)]);
    const networkReference = spec.network ?? clusterSpec.network;
    const networkId =
      networkReference !== undefined
        ? await lookups.neutron('networks', networkReference, spec.network !== undefined ? field('network') : 'Cluster spec.providerSpec.value.network', context)
        : await this.clusterNetworkId(cluster, context);
    const subnetId = spec.subnet !== undefined ? await lookups.neutron('subnets', spec.subnet, field('subnet'), context) : undefined;
    const groupIds = await Promise.all(spec.securityGroups.map((group, index) => lookups.neutron('security-groups', group, field(`securityGroups[${index}]`), context)));
    const clusterGroups = await this.connection.clusterSecurityGroups(clusterTag(clusterNameOf(cluster)), context);
    let serverGroupId = spec.serverGroup;
    if (serverGroupId === undefined && isControlPlaneMachine(machine) && clusterSpec.controlPlaneAntiAffinity) {
      serverGroupId = await this.connection.serverGroupNamed(names.controlPlaneServerGroup, context);
    }
    return { flavorId, imageId, networkId, subnetId, securityGroupIds: [...new Set([...clusterGroups, ...groupIds])], serverGroupId };
  }

  private async clusterNetworkId(cluster: Cluster, context: Context): Promise<string> {
    const network = await this.connection.clusterNetworkId(clusterTag(clusterNameOf(cluster)), context);
    if (network === undefined) {
      throw new ProviderApiError(`the Cluster ${clusterNameOf(cluster)} has no network yet (the cluster actuator makes it), or name one in spec.providerSpec.value.network`, { code: 'ClusterNetworkNotReady', isRetryable: true });
    }
    return network;
  }

  /** The Machine's port: the one a previous attempt made (by tag), or a new one. */
  private async portFor(machine: Machine, cluster: Cluster, uid: string, placement: { networkId: string; subnetId: string | undefined; securityGroupIds: string[] }, context: Context): Promise<NeutronPort> {
    const previous = oldestFirst(await this.portsOfUid(uid, context)).filter((port) => port.device_id === '');
    if (previous.length > 0) {
      for (const extra of previous.slice(1)) await this.deletePort(extra.id, context);
      return previous[0]!;
    }
    const clusterName = clusterNameOf(cluster);
    const reply = await this.connection.api.request<{ port: NeutronPort }>(
      'network.ports.create',
      {
        method: 'POST',
        path: '/ports',
        body: {
          port: {
            network_id: placement.networkId,
            name: serverNameOf(clusterName, machine.metadata.name!),
            description: `Slipway Machine ${machine.metadata.name} of cluster ${clusterName}`,
            ...(placement.securityGroupIds.length > 0 ? { security_groups: placement.securityGroupIds } : {}),
            ...(placement.subnetId !== undefined ? { fixed_ips: [{ subnet_id: placement.subnetId }] } : {}),
            tags: [clusterTag(clusterName), machineNameTag(machine.metadata.name!), machineUidTag(uid)],
          },
        },
      },
      context,
    );
    return reply.body.port;
  }

  /** Puts an existing floating IP (the spec names its address) on the Machine's port. */
  private async associateFloatingIp(address: string, portId: string, context: Context): Promise<void> {
    const reply = await this.connection.api.request<{ floatingips: { id: string; port_id: string | null }[] }>('network.floatingips.list', { method: 'GET', path: '/floatingips', query: { floating_ip_address: address } }, context);
    const floating = reply.body.floatingips[0];
    if (floating === undefined) throw new TerminalError('InvalidConfiguration', `spec.providerSpec.value.floatingIp: no floating IP ${address} in this project; allocate it first (openstack floating ip create --floating-ip-address ${address} <external network>)`);
    if (floating.port_id === portId) return;
    await this.connection.api.request('network.floatingips.update', { method: 'PUT', path: `/floatingips/${floating.id}`, body: { floatingip: { port_id: portId } } }, context);
  }

  // ---- reading ----

  private listServers(query: Record<string, string>, context: Pick<Context, 'signal'>): Promise<NovaServer[]> {
    return listAll<NovaServer>(this.connection.api, 'compute.servers.list', '/servers/detail', 'servers', query, context);
  }

  private serversOfUid(uid: string, context: Context): Promise<NovaServer[]> {
    return this.listServers({ tags: machineUidTag(uid) }, context).then((servers) => servers.filter((server) => server['OS-EXT-STS:task_state'] !== 'deleting'));
  }

  private portsOfUid(uid: string, context: Context): Promise<NeutronPort[]> {
    return listAll<NeutronPort>(this.connection.api, 'network.ports.list', '/ports', 'ports', { tags: machineUidTag(uid) }, context);
  }

  private async getServer(id: string, context: Context): Promise<NovaServer | undefined> {
    try {
      const reply = await this.connection.api.request<{ server: NovaServer }>('compute.servers.get', { method: 'GET', path: `/servers/${id}` }, context);
      return reply.body.server['OS-EXT-STS:task_state'] === 'deleting' ? undefined : reply.body.server;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private async findServer(machine: Machine, uid: string, context: Context): Promise<NovaServer | undefined> {
    const knownId = serverIdOf(machine.spec.providerID) ?? this.recall(uid)?.serverId;
    if (knownId !== undefined) {
      const server = await this.getServer(knownId, context);
      if (server !== undefined) return server;
    }
    return oldestFirst(await this.serversOfUid(uid, context))[0];
  }

  /** The oldest of the servers of one UID survives; the others (a lost-reply race) are deleted. */
  private async keepOldest(servers: readonly NovaServer[], context: Context): Promise<NovaServer> {
    const [survivor, ...duplicates] = oldestFirst(servers);
    for (const duplicate of duplicates) {
      context.logger.warn('deleting a duplicate server of one Machine', { kept: survivor!.id, deleted: duplicate.id });
      await this.deleteServer(duplicate.id, context);
    }
    return survivor!;
  }

  private failOnError(server: NovaServer): void {
    if (server.status === 'ERROR') {
      throw new TerminalError('CreateError', `server ${server.name} (${server.id}) is in ERROR: ${server.fault?.message ?? 'Nova gave no fault message'}`);
    }
  }

  private settled(server: NovaServer): MachineActuatorResultV1 {
    this.failOnError(server);
    return resultOf(server);
  }

  private pendingResult(serverId: string, name: string, port?: NeutronPort): MachineActuatorResultV1 {
    return {
      providerID: providerIdOf(serverId),
      addresses: [...(port?.fixed_ips ?? []).map((ip) => ({ type: 'InternalIP' as const, address: ip.ip_address })), { type: 'Hostname', address: name }],
      instanceState: 'pending',
      providerStatus: { serverId, serverName: name, status: 'NOT_YET_VISIBLE' },
    };
  }

  // ---- deleting ----

  private async deleteServer(id: string, context: Context): Promise<void> {
    try {
      await this.connection.api.request('compute.servers.delete', { method: 'DELETE', path: `/servers/${id}` }, context);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  private async deletePort(id: string, context: Context): Promise<void> {
    try {
      await this.connection.api.request('network.ports.delete', { method: 'DELETE', path: `/ports/${id}` }, context);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  // ---- the API server pool ----

  private async joinApiServerPool(cluster: Cluster, clusterSpec: OpenStackClusterProviderSpec, server: NovaServer, uid: string, context: Context): Promise<void> {
    const poolId = await this.connection.apiServerPoolId(clusterTag(clusterNameOf(cluster)), context);
    if (poolId === undefined) return;
    const address = Object.values(server.addresses ?? {}).flat().find((entry) => entry['OS-EXT-IPS:type'] !== 'floating')?.addr;
    if (address === undefined) return;
    const members = await listAll<{ id: string }>(this.connection.api, 'load-balancer.pools.members.list', `/lbaas/pools/${poolId}/members`, 'members', { tags: machineUidTag(uid) }, context);
    if (members.length > 0) return;
    await this.connection.api.request(
      'load-balancer.pools.members.create',
      {
        method: 'POST',
        path: `/lbaas/pools/${poolId}/members`,
        body: { member: { name: server.name, address, protocol_port: clusterSpec.apiServerPort, tags: [clusterTag(clusterNameOf(cluster)), machineUidTag(uid)] } },
        // A member with this address and port already there is a 409, not a duplicate: safe to retry.
        retrySafe: true,
      },
      context,
    ).catch((error: unknown) => {
      if (ProviderApiError.isInstance(error) && error.statusCode === 409) return undefined;
      throw error;
    });
  }

  private async leaveApiServerPool(cluster: Cluster, uid: string, context: Context): Promise<void> {
    const poolId = await this.connection.apiServerPoolId(clusterTag(clusterNameOf(cluster)), context);
    if (poolId === undefined) return;
    // A pool already gone (the cluster's load balancer deleted first) holds no member to remove.
    const members = await listAll<{ id: string }>(this.connection.api, 'load-balancer.pools.members.list', `/lbaas/pools/${poolId}/members`, 'members', { tags: machineUidTag(uid) }, context).catch((error: unknown) => {
      if (isNotFound(error)) return [];
      throw error;
    });
    for (const member of members) {
      await this.connection.api.request('load-balancer.pools.members.delete', { method: 'DELETE', path: `/lbaas/pools/${poolId}/members/${member.id}` }, context).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    }
  }

  // ---- memory of this process ----

  private async oneAtATime<T>(uid: string, work: () => Promise<T>): Promise<T> {
    const before = this.inFlight.get(uid) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(work);
    this.inFlight.set(uid, run);
    try {
      return await run;
    } finally {
      if (this.inFlight.get(uid) === run) this.inFlight.delete(uid);
    }
  }

  private recall(uid: string): Remembered | undefined {
    const memory = this.remembered.get(uid);
    if (memory === undefined) return undefined;
    if (this.clock.now() - memory.at > this.rememberMs) {
      this.remembered.delete(uid);
      return undefined;
    }
    return memory;
  }

  private remember(uid: string, update: Omit<Remembered, 'at'>): void {
    this.remembered.set(uid, { ...this.remembered.get(uid), ...update, at: this.clock.now() });
  }

  private forgetMemory(uid: string): void {
    this.remembered.delete(uid);
  }
}
