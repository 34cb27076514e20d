import { z } from 'zod';
import { ownerSelectorSchema, selectorMatchesTemplateRule } from './label-selector.js';
import { machineTemplateSpecSchema } from './machine.js';
import { commonFieldDescriptions, objectMetaSchema } from './object-meta.js';

export const machineSetDeletePolicies = ['Random', 'Newest', 'Oldest'] as const;
export type MachineSetDeletePolicy = (typeof machineSetDeletePolicies)[number];

export const machineSetSpecSchema = z
  .strictObject({
    replicas: z.number().int().nonnegative().default(1).describe('How many Machines to keep; default 1.'),
    minReadySeconds: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe('Seconds a new Machine\'s Node must be ready before the Machine counts as available; default 0.'),
    deletePolicy: z
      .enum(machineSetDeletePolicies)
      .default('Random')
      .describe('Which Machines go first when the set shrinks: Random, Newest or Oldest; default Random.'),
    selector: ownerSelectorSchema.describe('Which Machines belong to the set; must match the template\'s labels and must not be empty.'),
    template: machineTemplateSpecSchema.describe('What each Machine of the set looks like.'),
  })
  .meta({ 'x-kubernetes-validations': [selectorMatchesTemplateRule('MachineSet')] });

export const machineSetStatusSchema = z.looseObject({
  replicas: z.number().int().nonnegative().optional().describe('How many Machines the set has.'),
  /** spec.selector in its string form: the scale subresource's labelSelectorPath reads it. */
  selector: z.string().optional().describe('spec.selector as a string, for the scale subresource (kubectl scale, autoscalers).'),
  fullyLabeledReplicas: z.number().int().nonnegative().optional().describe('Machines carrying every label of the template.'),
  readyReplicas: z.number().int().nonnegative().optional().describe('Machines whose Node is ready.'),
  availableReplicas: z.number().int().nonnegative().optional().describe('Machines ready for at least minReadySeconds.'),
  observedGeneration: z.number().int().nonnegative().optional().describe('The generation of the spec this status is about.'),
  errorReason: z.string().optional().describe('Machine-readable reason of a terminal problem.'),
  errorMessage: z.string().optional().describe('What went wrong and what to do, for people.'),
});

export const machineSetSchema = z
  .strictObject({
    apiVersion: z.literal('cluster.k8s.io/v1alpha1').describe(commonFieldDescriptions.apiVersion),
    kind: z.literal('MachineSet').describe(commonFieldDescriptions.kind),
    metadata: objectMetaSchema.describe(commonFieldDescriptions.metadata),
    spec: machineSetSpecSchema.describe('How many Machines, made from which template, selected by which labels.'),
    status: machineSetStatusSchema.optional().describe('What the MachineSet controller observed; written through the status subresource.'),
  })
  .describe('Keeps a number of identical Machines, like a ReplicaSet keeps Pods; scalable with kubectl scale.');

export type MachineSetSpec = z.output<typeof machineSetSpecSchema>;
export type MachineSetStatus = z.output<typeof machineSetStatusSchema>;
export type MachineSet = z.output<typeof machineSetSchema>;
