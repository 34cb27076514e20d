import type { ClockV1, Machine } from '@slipway/core';
import type { ObjectStore } from '@slipway/manager';
import type { ProgressReporter } from '../progress/progress-reporter.js';
import { machineRow } from '../progress/machine-row.js';
import { isMachineReady, machinesOfCluster } from './cluster-objects.js';
import { MachineFailureError } from './machine-failure-error.js';

export interface WaitForMachinesOptions {
  store: ObjectStore;
  clusterName: string;
  /** Which of the cluster's machines this wait is about (control plane, workers). */
  include: (machine: Machine) => boolean;
  /** How many of them must be ready. */
  expected: number;
  progress: ProgressReporter;
  clock: ClockV1;
  timeoutMs: number;
  signal: AbortSignal;
  /** What is being waited for, for the timeout message. */
  description: string;
}

/**
 * Polls the store until `expected` machines are ready, showing each change.
 * Stops early, naming the machine, when one fails for good (a terminal error
 * or a failed bootstrap); on timeout, names the machine furthest behind.
 */
export async function waitForMachines(options: WaitForMachinesOptions): Promise<Machine[]> {
  const deadline = options.clock.now() + options.timeoutMs;
  for (;;) {
    options.signal.throwIfAborted();
    const all = await machinesOfCluster(options.store, options.clusterName);
    options.progress.machines(all.map(machineRow));
    const relevant = all.filter(options.include);
    const failed = relevant.find((machine) => machine.status?.errorReason || machine.status?.bootstrap?.failure);
    if (failed) throw new MachineFailureError(`${options.description} failed`, failed);
    const ready = relevant.filter(isMachineReady);
    if (ready.length >= options.expected) return ready;
    if (options.clock.now() >= deadline) {
      const behind = relevant.find((machine) => !isMachineReady(machine));
      throw new MachineFailureError(
        `timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${options.description} (${ready.length} of ${options.expected} ready)`,
        behind,
      );
    }
    await options.clock.sleep(400, options.signal);
  }
}
