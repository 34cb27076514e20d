/**
 * Machines as the node-authorization service sees them: find one by UID (the
 * bootstrap token names it), record its bootstrap progress, and report Events.
 */
import type { BootstrapStatus, Cluster, ClockV1, Machine } from '@slipway/core';
import { clusterNameOf } from '@slipway/core';
import { ConflictError } from '../store/conflict-error.js';
import { EventRecorder } from '../store/event-recorder.js';
import { NotFoundError } from '../store/not-found-error.js';
import type { ObjectStore } from '../store/object-store.js';
import { clusterType, machineType } from '../store/object-types.js';
import type { MachineRegistryPort } from '@slipway/bootstrap';

// The port's shape is the bootstrap package's: it declares what it needs, the manager adapts its store to it.
export type { MachineRegistryPort } from '@slipway/bootstrap';

export function createMachineRegistryPort(store: ObjectStore, options: { clock?: Pick<ClockV1, 'now'> } = {}): MachineRegistryPort {
  const events = new EventRecorder(store, options.clock ?? { now: () => Date.now() });

  async function findMachine(uid: string): Promise<Machine | undefined> {
    const { items } = await store.list<Machine>(machineType);
    return items.find((machine) => machine.metadata.uid === uid);
  }

  return {
    async findMachineByUid(uid) {
      const machine = await findMachine(uid);
      if (machine === undefined) return undefined;
      const clusterName = clusterNameOf(machine);
      if (clusterName === undefined) return undefined;
      const cluster = await store.get<Cluster>(clusterType, machine.metadata.namespace ?? 'default', clusterName);
      return cluster === undefined ? undefined : { cluster, machine };
    },
    async updateBootstrapStatus(machineUid, update) {
      for (let attempt = 0; ; attempt += 1) {
        const machine = await findMachine(machineUid);
        if (machine === undefined) throw new NotFoundError(`Machine with uid ${machineUid}`);
        const next = update(structuredClone(machine.status?.bootstrap ?? {}));
        try {
          await store.updateStatus<Machine>({ ...machine, status: { ...machine.status, bootstrap: next } });
          return;
        } catch (error) {
          if (!ConflictError.isInstance(error) || attempt >= 20) throw error;
        }
      }
    },
    async recordEvent(machineUid, event) {
      const machine = await findMachine(machineUid);
      if (machine === undefined) throw new NotFoundError(`Machine with uid ${machineUid}`);
      await events.recordOrThrow(machine, event);
    },
  };
}
