import { z } from 'zod';
import { labelSelectorSchema } from './label-selector.js';
import { machineTemplateSpecSchema } from './machine.js';
import { objectMetaSchema } from './object-meta.js';

export const machineSetDeletePolicies = ['Random', 'Newest', 'Oldest'] as const;
export type MachineSetDeletePolicy = (typeof machineSetDeletePolicies)[number];

export const machineSetSpecSchema = z.strictObject({
  replicas: z.number().int().nonnegative().default(1),
  minReadySeconds: z.number().int().nonnegative().default(0),
  deletePolicy: z.enum(machineSetDeletePolicies).default('Random'),
  selector: labelSelectorSchema,
  template: machineTemplateSpecSchema,
});

export const machineSetStatusSchema = z.looseObject({
  replicas: z.number().int().nonnegative().optional(),
  /** spec.selector in its string form: the scale subresource's labelSelectorPath reads it. */
  selector: z.string().optional(),
  fullyLabeledReplicas: z.number().int().nonnegative().optional(),
  readyReplicas: z.number().int().nonnegative().optional(),
  availableReplicas: z.number().int().nonnegative().optional(),
  observedGeneration: z.number().int().nonnegative().optional(),
  errorReason: z.string().optional(),
  errorMessage: z.string().optional(),
});

export const machineSetSchema = z.strictObject({
  apiVersion: z.literal('cluster.k8s.io/v1alpha1'),
  kind: z.literal('MachineSet'),
  metadata: objectMetaSchema,
  spec: machineSetSpecSchema,
  status: machineSetStatusSchema.optional(),
});

export type MachineSetSpec = z.output<typeof machineSetSpecSchema>;
export type MachineSetStatus = z.output<typeof machineSetStatusSchema>;
export type MachineSet = z.output<typeof machineSetSchema>;
