/**
 * The Machine actuator for Metal devices.
 *
 * - create: the Metal API takes no idempotency key, so a Machine's device is
 *   found by its UID tag before anything is created, and again after a create
 *   whose answer was lost; after creating, the Machine's devices are listed once
 *   more and, if a race or a lost answer made two, the oldest is kept and the
 *   rest are deleted. Creates of one Machine in this process wait for each
 *   other, and a device this process created is remembered, so a listing that
 *   lags behind (eventual consistency) never leads to a second device.
 * - exists: one paged listing of the cluster's devices per interval (by the
 *   cluster tag), shared by every Machine of the cluster.
 * - update: tags follow the spec in place; a `failed` device becomes a terminal
 *   CreateError with the API's reason.
 * - delete: `DELETE /devices/{id}?force_delete=true`; 404 means gone.
 * - control-plane machines take the cluster's reserved address when it is free
 *   and release it when deleted.
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
import { CoalescingDescriber, ownerFromTagStrings, requireMachineUid } from '@slipway/provider-utils';
import type { PacketConnection } from '../api/packet-connection.js';
import { isNotFoundError } from '../api/packet-error-mapper.js';
import type { MetalDevice, MetalDeviceCreateInput } from '../api/packet-sdk-clients.js';
import type { PacketControlPlaneAddress } from '../cluster/packet-control-plane-address.js';
import { parseClusterProviderSpec, parseMachineProviderSpec } from '../parse-packet-provider-spec.js';
import { instanceStateOf } from './packet-device-state.js';
import { clusterTag, deviceTagsOf, hostnameOf, machineUidTag, sameTags } from './packet-device-tags.js';
import { failureReasonOf, oldestFirst, resultOf } from './packet-device-view.js';
import type { PacketMachineProviderSpec } from './packet-machine-provider-spec.js';
import { deviceIdOf, providerIdOf } from './packet-provider-id.js';

const neverAborted = new AbortController().signal;

/** Devices being deprovisioned or gone no longer count as the Machine's device. */
const goneStates = new Set(['deprovisioning', 'deleted']);

export class PacketMachineActuator implements MachineActuatorV1 {
  readonly specificationVersion = 'v1' as const;
  readonly capabilities: MachineActuatorCapabilitiesV1 = { orphanListing: true, inPlaceUpdate: true };
  private readonly connection: PacketConnection;
  private readonly address: PacketControlPlaneAddress;
  private readonly describer: CoalescingDescriber<MetalDevice>;
  private readonly creating = new Map<string, Promise<MachineActuatorResultV1>>();
  /** Devices this process created, by Machine UID, until a listing shows them or they are deleted. */
  private readonly created = new Map<string, MetalDevice>();

  constructor(connection: PacketConnection, address: PacketControlPlaneAddress, clock: ClockV1) {
    this.connection = connection;
    this.address = address;
    this.describer = new CoalescingDescriber<MetalDevice>({
      listScope: (scope) => {
        const { projectId, clusterName } = JSON.parse(scope) as { projectId: string; clusterName: string };
        return connection.listDevices(projectId, clusterTag(clusterName), { signal: neverAborted, clock });
      },
      keyOf: (device) => ownerFromTagStrings(device.tags ?? [])?.machineUid,
      intervalMs: connection.describeIntervalMs,
      clock,
    });
  }

  async create(request: MachineCreateRequestV1, context: ActuatorContextV1): Promise<MachineActuatorResultV1> {
    const uid = requireMachineUid(request.machine);
    // A second create of the same Machine in this process waits for the first and answers the same.
    const running = this.creating.get(uid);
    if (running !== undefined) return running;
    const attempt = this.createOnce(request, uid, context).finally(() => this.creating.delete(uid));
    this.creating.set(uid, attempt);
    return attempt;
  }

  private async createOnce(request: MachineCreateRequestV1, uid: string, context: ActuatorContextV1): Promise<MachineActuatorResultV1> {
    const { machine, cluster } = request;
    const { spec, ignoredLegacyFields } = parseMachineProviderSpec(machine);
    const clusterSpec = parseClusterProviderSpec(cluster);
    if (ignoredLegacyFields.length > 0) {
      context.logger.warn(`ignoring ${ignoredLegacyFields.join(', ')} of the 2018 providerSpec: Slipway machines join without ssh, so no key is installed`, { machine: machine.metadata.name });
    }
    const projectId = this.connection.projectOf(spec.projectID, clusterSpec?.projectID);
    const { api } = this.connection;

    let devices = await this.machineDevices(projectId, uid, context);
    let device = this.survivor(devices, uid);
    if (device === undefined) {
      const body = this.createBody(machine, cluster, spec, request.bootstrapData.userData);
      try {
        device = await api.call(
          'createDevice',
          body.hostname ?? uid,
          (metal, signal) => metal.POST('/projects/{id}/devices', { params: { path: { id: projectId } }, body, signal }),
          context,
          { idempotent: false },
        );
      } catch (error) {
        // The device may exist although the answer was lost (or the server failed after making it): look before failing.
        if (!(error as { isRetryable?: boolean }).isRetryable) throw error;
        device = this.survivor(await this.machineDevices(projectId, uid, context), uid);
        if (device === undefined) throw error;
      }
      if (device?.id === undefined) throw new TransientError(`createDevice for Machine ${machine.metadata.name} answered without a device id`);
      this.created.set(uid, device);
      // Another process (or a lost answer and a retry) may have made a second device meanwhile: look once more.
      devices = await this.machineDevices(projectId, uid, context);
      device = this.survivor(devices, uid) ?? device;
    }
    // Two devices for one Machine: the oldest is kept, the rest are deleted (every process picks the same one).
    for (const duplicate of devices.filter((candidate) => candidate.id !== device!.id && !goneStates.has(candidate.state ?? ''))) {
      context.logger.warn('deleting a second device of one Machine (a lost answer or a race made it); the oldest is kept', { machine: machine.metadata.name, kept: device.id, deleted: duplicate.id });
      await this.deleteDevice(duplicate.id!, context);
    }
    this.describer.invalidate(this.scopeKey(projectId, cluster));
    if (device.state === 'failed') throw this.failed(machine, device);
    if (isControlPlaneMachine(machine) && clusterSpec !== undefined) await this.takeAddress(projectId, cluster, device, context);
    return resultOf(device);
  }

  async update(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineActuatorResultV1> {
    const { machine, cluster } = request;
    const { spec } = parseMachineProviderSpec(machine);
    const clusterSpec = parseClusterProviderSpec(cluster);
    const uid = requireMachineUid(machine);
    const projectId = this.connection.projectOf(spec.projectID, clusterSpec?.projectID);
    const device = await this.currentDevice(machine, projectId, uid, context);
    if (device === undefined) throw new TransientError(`the device of Machine ${machine.metadata.name} is not visible yet; trying again`, { requeueAfterMs: 5_000 });
    if (device.state === 'failed') throw this.failed(machine, device);
    const desired = deviceTagsOf(machine, cluster, spec.tags);
    let current = device;
    if (!sameTags(device.tags ?? [], desired)) {
      current =
        (await this.connection.api.call(
          'updateDevice',
          device.id!,
          (metal, signal) => metal.PUT('/devices/{id}', { params: { path: { id: device.id! } }, body: { tags: desired }, signal }),
          context,
        )) ?? { ...device, tags: desired };
      this.describer.invalidate(this.scopeKey(projectId, cluster));
    }
    if (isControlPlaneMachine(machine) && clusterSpec !== undefined) await this.takeAddress(projectId, cluster, current, context);
    return resultOf(current);
  }

  async exists(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineExistsResultV1> {
    const { machine, cluster } = request;
    const uid = requireMachineUid(machine);
    const projectId = this.projectOfMachine(machine, cluster);
    const known = deviceIdOf(machine.spec.providerID);
    const candidates = await this.describer.findAll(this.scopeKey(projectId, cluster), uid, { signal: context.signal });
    const found = candidates.filter((device) => known === undefined || device.id === known).sort(oldestFirst)[0];
    if (found === undefined) return { exists: false };
    const result = resultOf(found);
    return { exists: true, providerID: result.providerID, instanceState: result.instanceState, addresses: result.addresses };
  }

  async delete(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineDeleteResultV1> {
    const { machine, cluster } = request;
    const uid = requireMachineUid(machine);
    let projectId: string;
    try {
      projectId = this.projectOfMachine(machine, cluster);
    } catch (error) {
      // No providerID and a spec create would have refused: nothing was ever created.
      if (InvalidProviderSpecError.isInstance(error) && machine.spec.providerID === undefined) return { gone: true };
      throw error;
    }
    const known = deviceIdOf(machine.spec.providerID);
    // Without a providerID the Machine's devices are found by its UID tag (a crash before the providerID was written).
    const ids = known !== undefined ? [known] : (await this.machineDevices(projectId, uid, context)).filter((device) => !goneStates.has(device.state ?? '')).map((device) => device.id!);
    const clusterSpec = parseClusterProviderSpec(cluster);
    for (const id of ids) {
      if (isControlPlaneMachine(machine) && clusterSpec !== undefined) await this.address.release(projectId, cluster.metadata.name ?? '', id, context);
      await this.deleteDevice(id, context);
    }
    this.created.delete(uid);
    this.describer.invalidate(this.scopeKey(projectId, cluster));
    return { gone: true };
  }

  async listOwnedInstances(request: { cluster: Cluster }, context: ActuatorContextV1): Promise<OwnedInstanceV1[]> {
    const clusterSpec = parseClusterProviderSpec(request.cluster);
    const projectId = this.connection.projectOf(clusterSpec?.projectID);
    const clusterName = request.cluster.metadata.name ?? '';
    const owned: OwnedInstanceV1[] = [];
    for (const device of await this.describer.list(this.scopeKey(projectId, request.cluster), { signal: context.signal })) {
      const owner = ownerFromTagStrings(device.tags ?? []);
      if (owner?.clusterName !== clusterName || device.id === undefined) continue;
      owned.push({
        providerID: providerIdOf(device.id),
        clusterName,
        ...(owner.machineName !== undefined ? { machineName: owner.machineName } : {}),
        ...(owner.machineUid !== undefined ? { machineUid: owner.machineUid } : {}),
        instanceState: instanceStateOf(device.state),
      });
    }
    return owned;
  }

  /** Listings and lookups the describer served, for tests and benchmarks. */
  describerStats(): { listings: number; lookups: number } {
    return this.describer.stats();
  }

  // ---- helpers ----

  private createBody(machine: Machine, cluster: Cluster, spec: PacketMachineProviderSpec, userData: string): MetalDeviceCreateInput {
    const common = {
      hostname: hostnameOf(machine),
      plan: spec.plan,
      operating_system: spec.operatingSystem,
      billing_cycle: spec.billingCycle,
      userdata: userData,
      tags: deviceTagsOf(machine, cluster, spec.tags),
      ...(spec.spotInstance ? { spot_instance: true, spot_price_max: spec.spotPriceMax } : {}),
      ...(spec.hardwareReservationID !== undefined ? { hardware_reservation_id: spec.hardwareReservationID } : {}),
    };
    if (spec.metro !== undefined) return { ...common, metro: spec.metro };
    return { ...common, facility: typeof spec.facility === 'string' ? [spec.facility] : (spec.facility ?? []) };
  }

  /** The Machine's devices by its UID tag (not deprovisioning), oldest first, with a device this process created and no listing shows yet. */
  private async machineDevices(projectId: string, uid: string, context: ActuatorContextV1): Promise<MetalDevice[]> {
    const listed = (await this.connection.listDevices(projectId, machineUidTag(uid), context)).filter((device) => ownerFromTagStrings(device.tags ?? [])?.machineUid === uid);
    const remembered = this.created.get(uid);
    if (remembered !== undefined && listed.some((device) => device.id === remembered.id)) this.created.delete(uid);
    else if (remembered !== undefined) listed.push(remembered);
    return listed.sort(oldestFirst);
  }

  private survivor(devices: readonly MetalDevice[], uid: string): MetalDevice | undefined {
    return devices.filter((device) => !goneStates.has(device.state ?? '') && ownerFromTagStrings(device.tags ?? [])?.machineUid === uid).sort(oldestFirst)[0];
  }

  /** The Machine's device, by providerID when it has one, else by its UID tag. */
  private async currentDevice(machine: Machine, projectId: string, uid: string, context: ActuatorContextV1): Promise<MetalDevice | undefined> {
    const known = deviceIdOf(machine.spec.providerID);
    if (known === undefined) return this.survivor(await this.machineDevices(projectId, uid, context), uid);
    try {
      return await this.connection.api.call('findDeviceById', known, (metal, signal) => metal.GET('/devices/{id}', { params: { path: { id: known } }, signal }), context);
    } catch (error) {
      if (isNotFoundError(error)) return undefined;
      throw error;
    }
  }

  private async deleteDevice(id: string, context: ActuatorContextV1): Promise<void> {
    try {
      await this.connection.api.call('deleteDevice', id, (metal, signal) => metal.DELETE('/devices/{id}', { params: { path: { id }, query: { force_delete: true } }, signal }), context);
    } catch (error) {
      if (!isNotFoundError(error)) throw error;
    }
  }

  private async takeAddress(projectId: string, cluster: Cluster, device: MetalDevice, context: ActuatorContextV1): Promise<void> {
    const reservation = await this.address.find(projectId, cluster.metadata.name ?? '', context);
    if (reservation === undefined || device.id === undefined) return;
    if (reservation.metro?.code !== undefined && device.metro?.code !== undefined && reservation.metro.code !== device.metro.code) {
      throw new InvalidProviderSpecError('spec.providerSpec.value.metro', `a control-plane machine must run in metro ${reservation.metro.code}, where the cluster's API address is reserved; it runs in ${device.metro.code}`);
    }
    await this.address.assign(projectId, cluster.metadata.name ?? '', reservation, device.id, context);
  }

  private failed(machine: Machine, device: MetalDevice): TerminalError {
    return new TerminalError('CreateError', `device ${device.id} of Machine ${machine.metadata.name} failed to provision: ${failureReasonOf(device)}. Delete the Machine (its MachineSet replaces it) or choose another plan or metro.`);
  }

  private projectOfMachine(machine: Machine, cluster: Cluster): string {
    const clusterSpec = parseClusterProviderSpec(cluster);
    if (machine.spec.providerSpec.value === undefined) return this.connection.projectOf(clusterSpec?.projectID);
    return this.connection.projectOf(parseMachineProviderSpec(machine).spec.projectID, clusterSpec?.projectID);
  }

  private scopeKey(projectId: string, cluster: Cluster): string {
    return JSON.stringify({ projectId, clusterName: cluster.metadata.name ?? '' });
  }
}
