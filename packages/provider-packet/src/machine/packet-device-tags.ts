/**
 * The tags and hostname of a Machine's device: Slipway's ownership tags
 * (`slipway-cluster-name=…`, `slipway-machine-name=…`, `slipway-machine-uid=…`),
 * its role, then the spec's own tags. Metal tags are plain strings.
 */
import { isControlPlaneMachine, type Cluster, type Machine } from '@slipway/core';
import { ownershipTagKeys, ownershipTagStrings, requireMachineUid } from '@slipway/provider-utils';

export const machineRoleTagKey = 'slipway-role';

/** The tag that finds a Machine's devices (`slipway-machine-uid=<uid>`). */
export function machineUidTag(uid: string): string {
  return `${ownershipTagKeys.machineUid}=${uid}`;
}

/** The tag that finds a cluster's devices and reservations (`slipway-cluster-name=<name>`). */
export function clusterTag(clusterName: string): string {
  return `${ownershipTagKeys.clusterName}=${clusterName}`;
}

export function deviceTagsOf(machine: Machine, cluster: Cluster, extra: readonly string[]): string[] {
  const ownership = ownershipTagStrings({ clusterName: cluster.metadata.name ?? '', machineName: machine.metadata.name ?? '', machineUid: requireMachineUid(machine) });
  return [...ownership, `${machineRoleTagKey}=${isControlPlaneMachine(machine) ? 'control-plane' : 'worker'}`, ...extra];
}

/** A hostname from the Machine's name: lowercase letters, digits and hyphens, at most 63 characters. */
export function hostnameOf(machine: Machine): string {
  const cleaned = (machine.metadata.name ?? 'machine').toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'machine' : cleaned;
}

export function sameTags(left: readonly string[], right: readonly string[]): boolean {
  const set = new Set(left);
  return left.length === right.length && right.every((tag) => set.has(tag));
}
