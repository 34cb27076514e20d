import { z } from 'zod';
import { labelSelectorSchema } from './label-selector.js';
import { machineTemplateSpecSchema } from './machine.js';
import { machineSetDeletePolicies } from './machine-set.js';
import { objectMetaSchema } from './object-meta.js';

const intOrPercentMessage = 'expected a whole number or a percentage such as "25%"';

/** An absolute count or a percentage such as "25%", as in Kubernetes Deployments. */
export const intOrPercentSchema = z.union(
  [
    z.number({ message: intOrPercentMessage }).int({ message: intOrPercentMessage }).nonnegative(),
    z.string({ message: intOrPercentMessage }).regex(/^\d+%$/, { message: intOrPercentMessage }),
  ],
  { message: intOrPercentMessage },
);
export type IntOrPercent = z.output<typeof intOrPercentSchema>;

export const machineRollingUpdateDeploymentSchema = z.strictObject({
  maxUnavailable: intOrPercentSchema.default(0),
  maxSurge: intOrPercentSchema.default(1),
});

export const machineDeploymentStrategySchema = z.strictObject({
  type: z.literal('RollingUpdate').default('RollingUpdate'),
  rollingUpdate: machineRollingUpdateDeploymentSchema.default({ maxUnavailable: 0, maxSurge: 1 }),
});

export const machineDeploymentSpecSchema = z.strictObject({
  replicas: z.number().int().nonnegative().default(1),
  selector: labelSelectorSchema,
  template: machineTemplateSpecSchema,
  strategy: machineDeploymentStrategySchema.default({
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
  }),
  deletePolicy: z.enum(machineSetDeletePolicies).default('Random'),
  minReadySeconds: z.number().int().nonnegative().default(0),
  revisionHistoryLimit: z.number().int().nonnegative().default(1),
  paused: z.boolean().default(false),
  progressDeadlineSeconds: z.number().int().positive().default(600),
});

export const machineDeploymentStatusSchema = z.looseObject({
  observedGeneration: z.number().int().nonnegative().optional(),
  selector: z.string().optional(),
  replicas: z.number().int().nonnegative().optional(),
  updatedReplicas: z.number().int().nonnegative().optional(),
  readyReplicas: z.number().int().nonnegative().optional(),
  availableReplicas: z.number().int().nonnegative().optional(),
  unavailableReplicas: z.number().int().nonnegative().optional(),
  /** Set when the rollout made no progress within progressDeadlineSeconds. */
  progressDeadlineExceeded: z.boolean().optional(),
});

export const machineDeploymentSchema = z.strictObject({
  apiVersion: z.literal('cluster.k8s.io/v1alpha1'),
  kind: z.literal('MachineDeployment'),
  metadata: objectMetaSchema,
  spec: machineDeploymentSpecSchema,
  status: machineDeploymentStatusSchema.optional(),
});

export type MachineDeploymentSpec = z.output<typeof machineDeploymentSpecSchema>;
export type MachineDeploymentStatus = z.output<typeof machineDeploymentStatusSchema>;
export type MachineDeployment = z.output<typeof machineDeploymentSchema>;
