/**
 * Which Machines a MachineSet deletes first when it has too many: those already
 * being deleted, marked with the delete annotation, or failed, always; then by
 * policy (Random, Newest, Oldest), as Cluster API v1alpha1 ranks them.
 */
import { randomInt } from 'node:crypto';
import type { Machine, MachineSetDeletePolicy } from '@slipway/core';
import { deleteMachineAnnotation } from './finalizers.js';

export function isFailedMachine(machine: Machine): boolean {
  return (
    machine.status?.errorReason !== undefined ||
    machine.status?.errorMessage !== undefined ||
    machine.status?.phase === 'Failed'
  );
}

/** The `count` Machines to delete, best candidates first. */
export function selectMachinesToDelete(machines: readonly Machine[], count: number, policy: MachineSetDeletePolicy): Machine[] {
  const ranked = machines.map((machine) => ({
    machine,
    urgency: urgencyOf(machine),
    created: Date.parse(machine.metadata.creationTimestamp ?? '') || 0,
    tieBreaker: randomInt(1_000_000),
  }));
  ranked.sort((a, b) => {
    if (a.urgency !== b.urgency) return b.urgency - a.urgency;
    if (policy === 'Newest' && a.created !== b.created) return b.created - a.created;
    if (policy === 'Oldest' && a.created !== b.created) return a.created - b.created;
    return a.tieBreaker - b.tieBreaker;
  });
  return ranked.slice(0, Math.max(0, count)).map((entry) => entry.machine);
}

function urgencyOf(machine: Machine): number {
  if (machine.metadata.deletionTimestamp !== undefined) return 3;
  if (machine.metadata.annotations?.[deleteMachineAnnotation] !== undefined) return 2;
  if (isFailedMachine(machine)) return 2;
  return 0;
}
