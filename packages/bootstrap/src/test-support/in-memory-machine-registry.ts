import type { BootstrapStatus, Cluster, Machine } from '@slipway/core';
import type { MachineEvent, MachineRegistryPort } from '../ports/machine-registry-port.js';

/** A MachineRegistryPort over plain objects, keeping every event for assertions. */
export class InMemoryMachineRegistry implements MachineRegistryPort {
  readonly machines = new Map<string, { cluster: Cluster; machine: Machine }>();
  readonly events: Array<MachineEvent & { machineUid: string }> = [];
  /** When set, status updates fail with it, as a store that is down would. */
  statusUpdateFailure: Error | undefined;

  add(cluster: Cluster, machine: Machine): void {
    const uid = machine.metadata.uid;
    if (!uid) throw new Error('test machines need a uid');
    this.machines.set(uid, { cluster, machine });
  }

  remove(uid: string): void {
    this.machines.delete(uid);
  }

  machine(uid: string): Machine {
    const found = this.machines.get(uid);
    if (!found) throw new Error(`no machine ${uid}`);
    return found.machine;
  }

  bootstrapStatus(uid: string): BootstrapStatus {
    return this.machine(uid).status?.bootstrap ?? {};
  }

  eventsOf(uid: string): MachineEvent[] {
    return this.events.filter((event) => event.machineUid === uid);
  }

  async findMachineByUid(uid: string): Promise<{ cluster: Cluster; machine: Machine } | undefined> {
    const found = this.machines.get(uid);
    return found ? structuredClone(found) : undefined;
  }

  async updateBootstrapStatus(machineUid: string, update: (status: BootstrapStatus) => BootstrapStatus): Promise<void> {
    if (this.statusUpdateFailure) throw this.statusUpdateFailure;
    const found = this.machines.get(machineUid);
    if (!found) throw new Error(`Machine ${machineUid} not found`);
    const status = found.machine.status ?? {};
    found.machine = { ...found.machine, status: { ...status, bootstrap: update(structuredClone(status.bootstrap ?? {})) } };
  }

  async recordEvent(machineUid: string, event: MachineEvent): Promise<void> {
    if (!this.machines.has(machineUid)) throw new Error(`Machine ${machineUid} not found`);
    this.events.push({ ...event, machineUid });
  }
}
