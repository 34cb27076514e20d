/**
 * A side door into a real Azure resource group for the conformance kit: the
 * VMs, network interfaces, disks and public IPs of one resource group, read
 * through Resource Manager with clients of its own (never through the provider
 * under test). The kit reads the side door synchronously, so it keeps a
 * snapshot, refreshed after every actuator call (the actuator is wrapped) and
 * every few seconds in the background. The provider's own request counts serve
 * as the call log; a real cloud injects no faults, so the checks that need them
 * show as skipped. On stop it deletes the machine resources left in the group,
 * so a failed run does not keep billing.
 */
import { refreshedAfterEachCall, type ConformanceCallLog, type ConformanceEmulator, type ConformanceInspectFilter, type ConformanceResourceView } from '@slipway/conformance';
import type { MachineActuatorV1 } from '@slipway/core';
import type { AzureSdkClients } from '../api/azure-sdk-clients.js';
import { instanceStateOf } from '../machine/azure-instance-state.js';

export interface ResourceManagerSideDoorOptions {
  clients: AzureSdkClients;
  resourceGroupName: string;
  /** The actuator's request counts by operation, for the call log. */
  requestCounts: () => Record<string, number>;
  refreshIntervalMs?: number;
  onStop?: () => Promise<void>;
}

export class ResourceManagerSideDoor implements ConformanceEmulator {
  private readonly options: ResourceManagerSideDoorOptions;
  private snapshot: ConformanceResourceView[] = [];
  private readonly timer: NodeJS.Timeout;
  private refreshing: Promise<void> | undefined;
  private countsAtClear: Record<string, number> = {};

  readonly inspect = {
    instances: (filter: Omit<ConformanceInspectFilter, 'kind'> = {}) => this.select({ ...filter, kind: 'instance' }),
    resources: (filter: ConformanceInspectFilter = {}) => this.select(filter),
  };

  readonly callLog: ConformanceCallLog & { clear(): void } = {
    count: (action) => {
      const counts = this.callLog.countsByAction();
      return action === undefined ? Object.values(counts).reduce((total, count) => total + count, 0) : (counts[action] ?? 0);
    },
    countsByAction: () =>
      Object.fromEntries(Object.entries(this.options.requestCounts()).map(([action, count]) => [action, count - (this.countsAtClear[action] ?? 0)])),
    countByOutcome: () => 0,
    clear: () => {
      this.countsAtClear = { ...this.options.requestCounts() };
    },
  };

  readonly faults = { reset: () => undefined };

  constructor(options: ResourceManagerSideDoorOptions) {
    this.options = options;
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), options.refreshIntervalMs ?? 2_000);
    this.timer.unref();
  }

  /** The actuator, with the snapshot refreshed after each of its calls. */
  wrap(actuator: MachineActuatorV1): MachineActuatorV1 {
    return refreshedAfterEachCall(actuator, () => this.refresh().catch(() => undefined));
  }

  refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const { compute, network } = this.options.clients;
    const group = this.options.resourceGroupName;
    await this.refresh().catch(() => undefined);
    await Promise.all(this.select({ kind: 'instance' }).map((machine) => compute.virtualMachines.delete(group, machine.id).catch(() => undefined)));
    await Promise.all(
      this.select({ kind: 'network-interface' }).map((networkInterface) => network.networkInterfaces.beginDeleteAndWait(group, networkInterface.id).catch(() => undefined)),
    );
    await Promise.all([
      ...this.select({ kind: 'public-ip-address' }).map((address) => network.publicIPAddresses.beginDeleteAndWait(group, address.id).catch(() => undefined)),
      ...this.select({ kind: 'disk' }).map((disk) => compute.disks.delete(group, disk.id).catch(() => undefined)),
    ]);
    await this.options.onStop?.();
  }

  private select(filter: ConformanceInspectFilter): ConformanceResourceView[] {
    return this.snapshot.filter(
      (resource) =>
        (filter.kind === undefined || resource.kind === filter.kind) &&
        (filter.includeGone || resource.state !== 'terminated') &&
        Object.entries(filter.tags ?? {}).every(([key, value]) => resource.tags[key] === value),
    );
  }

  private async read(): Promise<void> {
    const { compute, network } = this.options.clients;
    const group = this.options.resourceGroupName;
    const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
      const all: T[] = [];
      for await (const item of items) all.push(item);
      return all;
    };
    const [machines, interfaces, addresses, disks] = await Promise.all([
      collect(compute.virtualMachines.list(group)),
      collect(network.networkInterfaces.list(group)),
      collect(network.publicIPAddresses.list(group)),
      collect(compute.disks.listByResourceGroup(group)),
    ]);
    // Only machine resources: the group's network and load balancer belong to the cluster.
    const machineIdOf = (id: string | undefined) => machines.find((machine) => machine.id?.toLowerCase() === id?.toLowerCase())?.name;
    this.snapshot = [
      ...machines.map((machine) => ({ kind: 'instance', id: machine.name ?? '', state: instanceStateOf(machine.provisioningState), tags: { ...machine.tags } })),
      ...interfaces
        .filter((networkInterface) => networkInterface.tags?.['slipway-machine-uid'] !== undefined)
        .map((networkInterface) => ({ kind: 'network-interface', id: networkInterface.name ?? '', state: 'available', tags: { ...networkInterface.tags } })),
      ...addresses
        .filter((address) => address.tags?.['slipway-machine-uid'] !== undefined)
        .map((address) => ({ kind: 'public-ip-address', id: address.name ?? '', state: 'available', tags: { ...address.tags } })),
      ...disks.map((disk) => {
        const owner = machineIdOf(disk.managedBy);
        return { kind: 'disk', id: disk.name ?? '', state: 'available', tags: { ...disk.tags }, ...(owner !== undefined ? { ownerId: owner } : {}) };
      }),
    ];
  }
}
