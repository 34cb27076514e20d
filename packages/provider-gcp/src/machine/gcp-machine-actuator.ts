/**
 * The Machine actuator for Compute Engine.
 *
 * - create: one `instances.insert` whose instance name comes from the Machine
 *   and whose `requestId` comes from its UID, so a retried insert (after a crash,
 *   a timeout or a lost reply) is the same operation; then the zonal operation is
 *   awaited with `zoneOperations.wait` (no busy polling). An `alreadyExists` is
 *   adopted when the instance's labels name this Machine's UID, terminal otherwise.
 * - exists: answered from one filtered, paginated `instances.list` per zone,
 *   cluster and interval (the coalescing describer), never a get per machine.
 * - delete: `instances.delete` (404 means gone), then the boot disk (auto-delete)
 *   is verified gone, and deleted if something kept it.
 * - update: labels follow the spec in place (`instances.setLabels` with the fingerprint read).
 * - control-plane machines join (and leave) the cluster's API target pool.
 */
import {
  InvalidProviderSpecError,
  TerminalError,
  TransientError,
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
import { CoalescingDescriber, collectPages, gceLabelValue, ownerFromTags, ownershipLabelsForGce, ownershipTagKeys, requireMachineUid, uuidFromMachineUid } from '@slipway/provider-utils';
import type { GcpClusterProviderSpec } from '../cluster/gcp-cluster-provider-spec.js';
import { projectOf, type GcpConnection } from '../api/gcp-connection.js';
import { isAlreadyExistsError, isNotFoundError } from '../api/gcp-error-mapper.js';
import { instanceStateOf } from './gcp-instance-state.js';
import { resultOf, zoneOfInstance, type GcpInstance } from './gcp-instance-view.js';
import { parseProviderId, providerIdOf } from './gcp-provider-id.js';
import type { GcpMachineProviderSpec } from './gcp-machine-provider-spec.js';
import { waitForOperation, type GcpOperation } from '../api/gcp-operation-waiter.js';
import { parseClusterProviderSpec, parseMachineProviderSpec } from '../parse-gcp-provider-spec.js';
import { clusterResourceNamesOf, instanceNameOf, regionOfZone } from '../cluster/gcp-resource-names.js';

/** The label telling control-plane instances from workers. */
export const machineRoleLabel = 'slipway-role';

const neverAborted = new AbortController().signal;

interface ZoneScope {
  project: string;
  zone: string;
  clusterLabel: string;
}

interface Target {
  project: string;
  zone: string;
  name: string;
}

export class GcpMachineActuator implements MachineActuatorV1 {
  readonly specificationVersion = 'v1' as const;
  readonly capabilities: MachineActuatorCapabilitiesV1 = { orphanListing: true, inPlaceUpdate: true };
  private readonly connection: GcpConnection;
  private readonly clock: ClockV1;
  private readonly describer: CoalescingDescriber<GcpInstance>;
  private zonesCache: { project: string; at: number; zones: Promise<string[]> } | undefined;

  constructor(connection: GcpConnection, clock: ClockV1) {
    this.connection = connection;
    this.clock = clock;
    this.describer = new CoalescingDescriber<GcpInstance>({
      listScope: (scope) => this.listZone(JSON.parse(scope) as ZoneScope),
      keyOf: (instance) => instance.labels?.[ownershipTagKeys.machineUid] ?? undefined,
      intervalMs: connection.describeIntervalMs,
      clock,
    });
  }

  async create(request: MachineCreateRequestV1, context: ActuatorContextV1): Promise<MachineActuatorResultV1> {
    const { machine, cluster } = request;
    const spec = parseMachineProviderSpec(machine);
    const clusterSpec = parseClusterProviderSpec(cluster);
    const uid = requireMachineUid(machine);
    const loadBalanced = this.checkControlPlanePlacement(machine, spec, clusterSpec);
    const project = await projectOf(this.connection, clusterSpec);
    const name = instanceNameOf(machine);
    const zone = spec.zone;
    const { clients, api } = this.connection;
    const instanceResource = this.instanceResourceOf(request, spec, clusterSpec, name);

    let operation: GcpOperation | undefined;
    try {
      const [pending, raw] = await api.call(
        'instances.insert',
        name,
        () => clients.instances.insert({ project, zone, requestId: uuidFromMachineUid(uid, 'instances.insert'), instanceResource }),
        context,
      );
      operation = (pending.latestResponse as GcpOperation | undefined) ?? raw;
    } catch (error) {
      if (isAlreadyExistsError(error)) {
        await this.adopt(project, zone, name, uid, context);
      } else if (isNotFoundError(error)) {
        throw new TerminalError('InvalidConfiguration', `${(error as Error).message}. Check the image, network and subnetwork names of the Machine and its Cluster.`, { cause: error });
      } else {
        throw error;
      }
    }
    if (operation) {
      await waitForOperation(clients, api, operation, { project, scope: { zone }, description: `instances.insert ${name}`, timeoutMs: this.connection.operationTimeoutMs, failureReason: 'CreateError' }, context);
    }
    this.describer.invalidate(this.scopeKey(project, zone, cluster));
    if (loadBalanced) await this.joinTargetPool(cluster, clusterSpec!, project, { project, zone, name }, uid, context);
    const instance = await this.getIfVisible({ project, zone, name }, context);
    if (instance) return resultOf(instance, project, zone);
    // The insert operation is DONE, so the instance exists; reads may lag behind it for a while.
    // Its providerID is known now, which is all the controller must persist; addresses come with exists/update.
    return {
      providerID: providerIdOf(project, zone, name),
      addresses: [],
      instanceState: 'pending',
      providerStatus: { instanceName: name, zone, status: 'NOT_YET_VISIBLE' },
    };
  }

  async update(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineActuatorResultV1> {
    const { machine, cluster } = request;
    const spec = parseMachineProviderSpec(machine);
    const clusterSpec = parseClusterProviderSpec(cluster);
    const loadBalanced = this.checkControlPlanePlacement(machine, spec, clusterSpec);
    const target = await this.targetOf(machine, clusterSpec, spec);
    const uid = requireMachineUid(machine);
    const instance = await this.getVisibleInstance(target, context);
    const desired = instanceLabelsOf(machine, cluster, spec);
    if (!sameLabels(instance.labels ?? {}, desired)) await this.setLabels(cluster, target, instance, desired, uid, context);
    if (loadBalanced) await this.joinTargetPool(cluster, clusterSpec!, target.project, target, uid, context);
    return resultOf({ ...instance, labels: desired }, target.project, target.zone);
  }

  /** Labels change in place: `instances.setLabels` quoting the fingerprint read, so a concurrent change is never overwritten blindly. */
  private async setLabels(cluster: Cluster, target: Target, instance: GcpInstance, labels: Record<string, string>, uid: string, context: ActuatorContextV1): Promise<void> {
    const { clients, api } = this.connection;
    const fingerprint = instance.labelFingerprint ?? '';
    const [pending, raw] = await api.call(
      'instances.setLabels',
      target.name,
      () =>
        clients.instances.setLabels({
          project: target.project,
          zone: target.zone,
          instance: target.name,
          // One requestId per transition (from this fingerprint to these labels): a retry is the same change, a later change is a new one.
          requestId: uuidFromMachineUid(uid, `instances.setLabels/${fingerprint}/${JSON.stringify(Object.entries(labels).sort())}`),
          instancesSetLabelsRequestResource: { labels, labelFingerprint: fingerprint },
        }),
      context,
    );
    const operation = (pending.latestResponse as GcpOperation | undefined) ?? raw;
    if (operation) {
      await waitForOperation(clients, api, operation, { project: target.project, scope: { zone: target.zone }, description: `instances.setLabels ${target.name}`, timeoutMs: this.connection.operationTimeoutMs, failureReason: 'UpdateError' }, context);
    }
    this.describer.invalidate(this.scopeKey(target.project, target.zone, cluster));
  }

  async exists(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineExistsResultV1> {
    const { machine, cluster } = request;
    const clusterSpec = parseClusterProviderSpec(cluster);
    const uid = requireMachineUid(machine);
    const known = parseProviderId(machine.spec.providerID);
    const project = known?.project ?? (await projectOf(this.connection, clusterSpec));
    const zone = known?.zone ?? parseMachineProviderSpec(machine).zone;
    const found = (await this.describer.findAll(this.scopeKey(project, zone, cluster), gceLabelValue(uid), { signal: context.signal }))
      // The UID label finds candidates; the name (derived, or recorded in the providerID) decides, so a copied label fools nobody.
      .find((instance) => instance.name === instanceNameOf(machine) || instance.name === known?.name);
    if (!found) return { exists: false };
    const result = resultOf(found, project, zone);
    return { exists: true, providerID: result.providerID, instanceState: result.instanceState, addresses: result.addresses };
  }

  async delete(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineDeleteResultV1> {
    const { machine, cluster } = request;
    const clusterSpec = parseClusterProviderSpec(cluster);
    const uid = requireMachineUid(machine);
    let target: Target;
    try {
      target = await this.targetOf(machine, clusterSpec);
    } catch (error) {
      // Without a providerID and with a spec create would have refused, nothing was ever created.
      if (InvalidProviderSpecError.isInstance(error)) return { gone: true };
      throw error;
    }
    const { clients, api } = this.connection;
    const { project, zone, name } = target;
    if (parseProviderId(machine.spec.providerID) === undefined) {
      // No providerID: the name is derived, so make sure what answers to it is this Machine's before deleting it.
      const found = await this.getIfVisible(target, context);
      if (found && found.labels?.[ownershipTagKeys.machineUid] !== gceLabelValue(uid)) {
        context.logger.warn('an instance has this Machine\'s name but not its UID label; leaving it alone', { instance: name, zone });
        return { gone: true };
      }
    }
    if (isControlPlaneMachine(machine) && clusterSpec?.loadBalancer.enabled) {
      await this.leaveTargetPool(cluster, clusterSpec, project, target, uid, context);
    }
    let operation: GcpOperation | undefined;
    try {
      const [pending, raw] = await api.call(
        'instances.delete',
        name,
        () => clients.instances.delete({ project, zone, instance: name, requestId: uuidFromMachineUid(uid, `instances.delete/${name}`) }),
        context,
      );
      operation = (pending.latestResponse as GcpOperation | undefined) ?? raw;
    } catch (error) {
      if (!isNotFoundError(error)) throw error;
    }
    this.describer.invalidate(this.scopeKey(project, zone, cluster));
    if (operation) {
      const done = await this.waitBriefly(operation, { zone }, `instances.delete ${name}`, project, context);
      if (!done) return { gone: false, requeueAfterMs: 5_000 };
    }
    return this.verifyBootDiskGone(target, uid, context);
  }

  async listOwnedInstances(request: { cluster: Cluster }, context: ActuatorContextV1): Promise<OwnedInstanceV1[]> {
    const clusterSpec = parseClusterProviderSpec(request.cluster);
    const project = await projectOf(this.connection, clusterSpec);
    const owned: OwnedInstanceV1[] = [];
    for (const zone of await this.zonesOf(project, context)) {
      for (const instance of await this.describer.list(this.scopeKey(project, zone, request.cluster), { signal: context.signal })) {
        const owner = ownerFromTags(instance.labels ?? {});
        if (!owner || owner.clusterName !== gceLabelValue(request.cluster.metadata.name ?? '')) continue;
        owned.push({
          providerID: providerIdOf(project, zoneOfInstance(instance) ?? zone, instance.name ?? ''),
          clusterName: request.cluster.metadata.name ?? owner.clusterName,
          ...(owner.machineName !== undefined ? { machineName: owner.machineName } : {}),
          ...(owner.machineUid !== undefined ? { machineUid: owner.machineUid } : {}),
          instanceState: instanceStateOf(instance.status),
        });
      }
    }
    return owned;
  }

  /** Listings and lookups the describer served, for tests and benchmarks. */
  describerStats(): { listings: number; lookups: number } {
    return this.describer.stats();
  }

  // ---- helpers ----

  private checkControlPlanePlacement(machine: Machine, spec: GcpMachineProviderSpec, clusterSpec: GcpClusterProviderSpec | undefined): boolean {
    if (!isControlPlaneMachine(machine) || !clusterSpec?.loadBalancer.enabled) return false;
    if (regionOfZone(spec.zone) !== clusterSpec.region) {
      throw new InvalidProviderSpecError(
        'spec.providerSpec.value.zone',
        `a control-plane machine must run in the cluster's region ${clusterSpec.region} (its API load balancer is regional); got zone ${spec.zone}`,
      );
    }
    return true;
  }

  private instanceResourceOf(
    request: MachineCreateRequestV1,
    spec: GcpMachineProviderSpec,
    clusterSpec: GcpClusterProviderSpec | undefined,
    name: string,
  ): GcpInstance {
    const { machine, cluster } = request;
    const zone = spec.zone;
    const names = clusterResourceNamesOf(cluster);
    const controlPlane = isControlPlaneMachine(machine);
    const ownership = ownershipLabelsOf(machine, cluster);
    const labels = instanceLabelsOf(machine, cluster, spec);
    let network = spec.network;
    let subnetwork = spec.subnetwork;
    if (network === undefined && subnetwork === undefined && clusterSpec) {
      if (clusterSpec.network.mode === 'managed') {
        network = names.network;
        subnetwork = names.subnetwork;
      } else {
        network = clusterSpec.network.name;
        subnetwork = clusterSpec.network.subnetwork;
      }
    }
    const region = regionOfZone(zone);
    const tags = [...new Set([...spec.networkTags, ...(clusterSpec ? [names.nodeTag, ...(controlPlane ? [names.controlPlaneTag] : [])] : [])])];
    const image = spec.image.family !== undefined ? `projects/${spec.image.project}/global/images/family/${spec.image.family}` : `projects/${spec.image.project}/global/images/${spec.image.name}`;
    return {
      name,
      machineType: `zones/${zone}/machineTypes/${spec.machineType}`,
      labels,
      tags: { items: tags },
      disks: [
        {
          boot: true,
          autoDelete: true,
          initializeParams: { sourceImage: image, diskSizeGb: spec.disk.sizeGb, diskType: `zones/${zone}/diskTypes/${spec.disk.type}`, labels: { ...spec.additionalLabels, ...ownership } },
        },
      ],
      networkInterfaces: [
        {
          network: `global/networks/${network ?? 'default'}`,
          ...(subnetwork !== undefined ? { subnetwork: `regions/${region}/subnetworks/${subnetwork}` } : {}),
          ...(spec.publicIP ? { accessConfigs: [{ type: 'ONE_TO_ONE_NAT', name: 'External NAT' }] } : {}),
        },
      ],
      metadata: { items: [{ key: 'user-data', value: request.bootstrapData.userData }] },
      ...(spec.spot
        ? { scheduling: { provisioningModel: 'SPOT', instanceTerminationAction: 'STOP', automaticRestart: false, onHostMaintenance: 'TERMINATE' } }
        : spec.preemptible
          ? { scheduling: { preemptible: true, automaticRestart: false, onHostMaintenance: 'TERMINATE' } }
          : {}),
      ...(spec.serviceAccount ? { serviceAccounts: [{ email: spec.serviceAccount.email, scopes: spec.serviceAccount.scopes }] } : {}),
    };
  }

  /** After 409 alreadyExists: the instance is ours when its labels carry this Machine's UID. */
  private async adopt(project: string, zone: string, name: string, uid: string, context: ActuatorContextV1): Promise<void> {
    const instance = await this.getVisibleInstance({ project, zone, name }, context);
    if (instance.labels?.[ownershipTagKeys.machineUid] !== gceLabelValue(uid)) {
      throw new TerminalError(
        'CreateError',
        `instance ${name} already exists in ${project}/${zone} and is not this Machine's (its ${ownershipTagKeys.machineUid} label is ${JSON.stringify(instance.labels?.[ownershipTagKeys.machineUid] ?? null)}); rename the Machine or delete that instance`,
      );
    }
    context.logger.info('adopting the instance a previous attempt created', { instance: name, zone });
  }

  /** One get; undefined on 404. */
  private async getIfVisible(target: Target, context: ActuatorContextV1): Promise<GcpInstance | undefined> {
    const { clients, api } = this.connection;
    try {
      const [instance] = await api.call('instances.get', target.name, () => clients.instances.get({ project: target.project, zone: target.zone, instance: target.name }), context);
      return instance;
    } catch (error) {
      if (isNotFoundError(error)) return undefined;
      throw error;
    }
  }

  /** A get that tolerates the short window in which a new instance is not yet visible. */
  private async getVisibleInstance(target: Target, context: ActuatorContextV1): Promise<GcpInstance> {
    const { clients, api } = this.connection;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const [instance] = await api.call('instances.get', target.name, () => clients.instances.get({ project: target.project, zone: target.zone, instance: target.name }), context);
        return instance;
      } catch (error) {
        if (!isNotFoundError(error)) throw error;
        if (attempt >= 4) {
          throw new TransientError(`instance ${target.name} is not visible in ${target.project}/${target.zone} yet; will look again`, { cause: error, requeueAfterMs: 5_000 });
        }
        await context.clock.sleep(1_000 * 2 ** (attempt - 1), context.signal);
      }
    }
  }

  private async targetOf(machine: Machine, clusterSpec: GcpClusterProviderSpec | undefined, spec?: GcpMachineProviderSpec): Promise<Target> {
    const known = parseProviderId(machine.spec.providerID);
    if (known) return known;
    const zone = (spec ?? parseMachineProviderSpec(machine)).zone;
    return { project: await projectOf(this.connection, clusterSpec), zone, name: instanceNameOf(machine) };
  }

  /** One `wait` round (the API holds it up to two minutes); true when the operation finished. */
  private async waitBriefly(operation: GcpOperation, scope: { zone: string } | { region: string }, description: string, project: string, context: ActuatorContextV1): Promise<boolean> {
    try {
      await waitForOperation(this.connection.clients, this.connection.api, operation, { project, scope, description, timeoutMs: this.connection.operationTimeoutMs, failureReason: 'DeleteError' }, context);
      return true;
    } catch (error) {
      if (TransientError.isInstance(error)) return false;
      throw error;
    }
  }

  private async verifyBootDiskGone(target: Target, uid: string, context: ActuatorContextV1): Promise<MachineDeleteResultV1> {
    const { clients, api } = this.connection;
    const { project, zone, name } = target;
    let disk;
    try {
      [disk] = await api.call('disks.get', name, () => clients.disks.get({ project, zone, disk: name }), context);
    } catch (error) {
      if (isNotFoundError(error)) return { gone: true };
      throw error;
    }
    // Only a disk that carries this Machine's labels is ours to delete.
    if (disk.labels?.[ownershipTagKeys.machineUid] !== gceLabelValue(uid)) return { gone: true };
    if ((disk.users ?? []).length > 0) return { gone: false, requeueAfterMs: 5_000 };
    try {
      const [pending, raw] = await api.call('disks.delete', name, () => clients.disks.delete({ project, zone, disk: name, requestId: uuidFromMachineUid(uid, `disks.delete/${name}`) }), context);
      const operation = (pending.latestResponse as GcpOperation | undefined) ?? raw;
      if (operation && !(await this.waitBriefly(operation, { zone }, `disks.delete ${name}`, project, context))) return { gone: false, requeueAfterMs: 5_000 };
    } catch (error) {
      if (!isNotFoundError(error)) throw error;
    }
    return { gone: true };
  }

  private async joinTargetPool(cluster: Cluster, clusterSpec: GcpClusterProviderSpec, project: string, target: Target, uid: string, context: ActuatorContextV1): Promise<void> {
    const { clients, api } = this.connection;
    const pool = clusterResourceNamesOf(cluster).targetPool;
    const region = clusterSpec.region;
    const [current] = await api.call('targetPools.get', pool, () => clients.targetPools.get({ project, region, targetPool: pool }), context).catch((error: unknown) => {
      if (isNotFoundError(error)) throw new TransientError(`target pool ${pool} does not exist yet; the Cluster's infrastructure is still being reconciled`, { cause: error, requeueAfterMs: 10_000 });
      throw error;
    });
    const link = `zones/${target.zone}/instances/${target.name}`;
    if ((current.instances ?? []).some((member) => member.endsWith(`/${link}`))) return;
    const [pending, raw] = await api.call(
      'targetPools.addInstance',
      pool,
      () => clients.targetPools.addInstance({ project, region, targetPool: pool, requestId: uuidFromMachineUid(uid, `targetPools.addInstance/${pool}`), targetPoolsAddInstanceRequestResource: { instances: [{ instance: link }] } }),
      context,
    );
    const operation = (pending.latestResponse as GcpOperation | undefined) ?? raw;
    if (operation) await waitForOperation(clients, api, operation, { project, scope: { region }, description: `targetPools.addInstance ${pool}`, timeoutMs: this.connection.operationTimeoutMs }, context);
  }

  private async leaveTargetPool(cluster: Cluster, clusterSpec: GcpClusterProviderSpec, project: string, target: Target, uid: string, context: ActuatorContextV1): Promise<void> {
    const { clients, api } = this.connection;
    const pool = clusterResourceNamesOf(cluster).targetPool;
    const region = clusterSpec.region;
    let current;
    try {
      [current] = await api.call('targetPools.get', pool, () => clients.targetPools.get({ project, region, targetPool: pool }), context);
    } catch (error) {
      if (isNotFoundError(error)) return;
      throw error;
    }
    const link = `zones/${target.zone}/instances/${target.name}`;
    if (!(current.instances ?? []).some((member) => member.endsWith(`/${link}`))) return;
    const [pending, raw] = await api.call(
      'targetPools.removeInstance',
      pool,
      () => clients.targetPools.removeInstance({ project, region, targetPool: pool, requestId: uuidFromMachineUid(uid, `targetPools.removeInstance/${pool}`), targetPoolsRemoveInstanceRequestResource: { instances: [{ instance: link }] } }),
      context,
    );
    const operation = (pending.latestResponse as GcpOperation | undefined) ?? raw;
    if (operation) await waitForOperation(clients, api, operation, { project, scope: { region }, description: `targetPools.removeInstance ${pool}`, timeoutMs: this.connection.operationTimeoutMs, failureReason: 'DeleteError' }, context);
  }

  private scopeKey(project: string, zone: string, cluster: Cluster): string {
    const scope: ZoneScope = { project, zone, clusterLabel: gceLabelValue(cluster.metadata.name ?? '') };
    return JSON.stringify(scope);
  }

  /** Every instance of one cluster in one zone: one filtered list, all pages. */
  private async listZone(scope: ZoneScope): Promise<GcpInstance[]> {
    const { clients, api } = this.connection;
    const filter = `labels.${ownershipTagKeys.clusterName} = ${scope.clusterLabel}`;
    const context = { signal: neverAborted, clock: this.clock };
    return collectPages(async (pageToken) => {
      const [items, next, raw] = await api.call(
        'instances.list',
        `${scope.project}/${scope.zone}`,
        () => clients.instances.list({ project: scope.project, zone: scope.zone, filter, maxResults: this.connection.listPageSize, ...(pageToken ? { pageToken } : {}) }, { autoPaginate: false }),
        context,
      );
      return { items, nextPageToken: raw?.nextPageToken ?? next?.pageToken ?? undefined };
    });
  }

  /** The project's zones that are up, listed at most once an hour. */
  private zonesOf(project: string, context: ActuatorContextV1): Promise<string[]> {
    const cached = this.zonesCache;
    if (cached && cached.project === project && this.clock.now() - cached.at < 3_600_000) return cached.zones;
    const { clients, api } = this.connection;
    const zones = collectPages(async (pageToken) => {
      const [items, next, raw] = await api.call('zones.list', project, () => clients.zones.list({ project, maxResults: this.connection.listPageSize, ...(pageToken ? { pageToken } : {}) }, { autoPaginate: false }), context);
      return { items, nextPageToken: raw?.nextPageToken ?? next?.pageToken ?? undefined };
    }).then((items) => items.filter((zone) => zone.status !== 'DOWN').map((zone) => zone.name ?? '').filter(Boolean));
    zones.catch(() => {
      if (this.zonesCache?.zones === zones) this.zonesCache = undefined;
    });
    this.zonesCache = { project, at: this.clock.now(), zones };
    return zones;
  }
}

function ownershipLabelsOf(machine: Machine, cluster: Cluster): Record<string, string> {
  return ownershipLabelsForGce({ clusterName: cluster.metadata.name ?? '', machineName: machine.metadata.name ?? '', machineUid: requireMachineUid(machine) });
}

/** The labels an instance of this Machine carries: the spec's, then ownership and role (which win). */
function instanceLabelsOf(machine: Machine, cluster: Cluster, spec: GcpMachineProviderSpec): Record<string, string> {
  return { ...spec.additionalLabels, ...ownershipLabelsOf(machine, cluster), [machineRoleLabel]: isControlPlaneMachine(machine) ? 'control-plane' : 'worker' };
}

function sameLabels(left: Record<string, string>, right: Record<string, string>): boolean {
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => left[key] === right[key]);
}
