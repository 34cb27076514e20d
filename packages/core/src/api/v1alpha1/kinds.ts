import type { z } from 'zod';
import { clusterSchema, type Cluster } from './cluster.js';
import { machineSchema, type Machine } from './machine.js';
import { machineClassSchema, type MachineClass } from './machine-class.js';
import { machineDeploymentSchema, type MachineDeployment } from './machine-deployment.js';
import { machineSetSchema, type MachineSet } from './machine-set.js';

/** Every kind of `cluster.k8s.io/v1alpha1`, with its schema and its plural resource name. */
export const clusterApiKinds = {
  Cluster: { schema: clusterSchema, plural: 'clusters' },
  Machine: { schema: machineSchema, plural: 'machines' },
  MachineSet: { schema: machineSetSchema, plural: 'machinesets' },
  MachineDeployment: { schema: machineDeploymentSchema, plural: 'machinedeployments' },
  MachineClass: { schema: machineClassSchema, plural: 'machineclasses' },
} as const satisfies Record<string, { schema: z.ZodType; plural: string }>;

export type ClusterApiKind = keyof typeof clusterApiKinds;
export const clusterApiKindNames = Object.keys(clusterApiKinds) as ClusterApiKind[];

export type ClusterApiObject = Cluster | Machine | MachineSet | MachineDeployment | MachineClass;

export function isClusterApiKind(kind: unknown): kind is ClusterApiKind {
  return typeof kind === 'string' && Object.hasOwn(clusterApiKinds, kind);
}
