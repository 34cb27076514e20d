import { clusterNameLabel, isControlPlaneMachine, type ClockV1, type Machine, type MachineActuatorV1 } from '@slipway/core';
import { clusterType, machineDeploymentType, machineSetType, machineType, NotFoundError, type ObjectStore, type ObjectType, type StoredObject } from '@slipway/manager';
import type { ProgressReporter } from '../progress/progress-reporter.js';
import { machineRow } from '../progress/machine-row.js';
import { getCluster, machinesOfCluster } from './cluster-objects.js';
import { MachineFailureError } from './machine-failure-error.js';

export interface DeleteClusterOptions {
  store: ObjectStore;
  clusterName: string;
  machineActuator: MachineActuatorV1;
  progress: ProgressReporter;
  clock: ClockV1;
  signal: AbortSignal;
  timeoutMs: number;
}

/**
 * Workers first, then the control plane, then the cluster's infrastructure; it
 * returns only when the store holds nothing of the cluster and the cloud holds
 * no live instance tagged with it.
 */
export async function deleteClusterFlow(options: DeleteClusterOptions): Promise<void> {
  const { store, clusterName, progress } = options;
  const selector = { matchLabels: { [clusterNameLabel]: clusterName } };

  progress.step(`Deleting the workers of ${clusterName}`);
  for (const type of [machineDeploymentType, machineSetType]) {
    const { items } = await store.list<StoredObject>(type, { labelSelector: selector });
    for (const item of items) await deleteIfPresent(store, type, item);
  }
  for (const machine of await machinesOfCluster(store, clusterName)) {
    if (!isControlPlaneMachine(machine)) await deleteIfPresent(store, machineType, machine);
  }
  await waitUntilGone(options, (machine) => !isControlPlaneMachine(machine), 'the workers to be deleted');

  progress.step(`Deleting the control plane of ${clusterName}`);
  for (const machine of await machinesOfCluster(store, clusterName)) await deleteIfPresent(store, machineType, machine);
  await waitUntilGone(options, () => true, 'the control plane to be deleted');

  progress.step(`Deleting the infrastructure of ${clusterName}`);
  const cluster = await getCluster(store, clusterName);
  if (cluster) await deleteIfPresent(store, clusterType, cluster);
  const deadline = options.clock.now() + options.timeoutMs;
  while (await getCluster(store, clusterName)) {
    if (options.clock.now() >= deadline) throw new MachineFailureError(`timed out waiting for cluster ${clusterName} infrastructure to be deleted`, undefined);
    await options.clock.sleep(400, options.signal);
  }

  if (cluster && options.machineActuator.capabilities.orphanListing && options.machineActuator.listOwnedInstances) {
    progress.step('Checking the cloud holds no instance of the cluster');
    for (;;) {
      const instances = await options.machineActuator.listOwnedInstances(
        { cluster },
        { signal: options.signal, clock: options.clock, logger: silentLogger },
      );
      const live = instances.filter((instance) => instance.instanceState !== 'terminated');
      if (live.length === 0) break;
      if (options.clock.now() >= deadline) {
        throw new MachineFailureError(`the cloud still holds ${live.map((instance) => instance.providerID).join(', ')} of cluster ${clusterName}`, undefined);
      }
      await options.clock.sleep(1000, options.signal);
    }
  }
  progress.finish();
}

async function waitUntilGone(options: DeleteClusterOptions, include: (machine: Machine) => boolean, description: string): Promise<void> {
  const deadline = options.clock.now() + options.timeoutMs;
  for (;;) {
    const machines = await machinesOfCluster(options.store, options.clusterName);
    options.progress.machines(machines.map(machineRow));
    const remaining = machines.filter(include);
    if (remaining.length === 0) return;
    if (options.clock.now() >= deadline) {
      throw new MachineFailureError(`timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${description}`, remaining[0]);
    }
    await options.clock.sleep(400, options.signal);
  }
}

async function deleteIfPresent(store: ObjectStore, type: ObjectType, object: StoredObject): Promise<void> {
  if (object.metadata.deletionTimestamp) return;
  try {
    await store.delete(type, object.metadata.namespace ?? 'default', object.metadata.name ?? '');
  } catch (error) {
    if (!NotFoundError.isInstance(error)) throw error;
  }
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };
