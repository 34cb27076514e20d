import { clusterNameLabel } from './api-group.js';
import type { Machine, MachineSpec } from './machine.js';
import type { ObjectMeta } from './object-meta.js';

/** In v1alpha1 a control-plane machine is one that declares a control-plane version. */
export function isControlPlaneMachine(machine: { spec: Pick<MachineSpec, 'versions'> }): boolean {
  return machine.spec.versions.controlPlane !== undefined;
}

/** The Cluster an object belongs to, from the `cluster.k8s.io/cluster-name` label. */
export function clusterNameOf(object: { metadata: ObjectMeta }): string | undefined {
  return object.metadata.labels?.[clusterNameLabel];
}

export type MachineRole = 'control-plane' | 'worker';

export function machineRole(machine: Machine): MachineRole {
  return isControlPlaneMachine(machine) ? 'control-plane' : 'worker';
}
