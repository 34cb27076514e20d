import { z } from 'zod';
import { ownerSelectorSchema, selectorMatchesTemplateRule } from './label-selector.js';
import { machineTemplateSpecSchema } from './machine.js';
import { machineSetDeletePolicies } from './machine-set.js';
import { commonFieldDescriptions, objectMetaSchema } from './object-meta.js';

const intOrPercentMessage = 'expected a whole number or a percentage such as "25%"';

/** An absolute count or a percentage such as "25%", as in Kubernetes Deployments. */
export const intOrPercentSchema = z.union(
  [
    z.number({ message: intOrPercentMessage }).int({ message: intOrPercentMessage }).nonnegative(),
    z.string({ message: intOrPercentMessage }).regex(/^\d+%$/, { message: intOrPercentMessage }),
  ],
  { message: intOrPercentMessage },
)
  // Kubernetes types the field int-or-string; the forms each may take are this CEL rule.
  .meta({ 'x-kubernetes-validations': [{ rule: "type(self) == string ? self.matches('^[0-9]+%$') : self >= 0", message: intOrPercentMessage }] });
export type IntOrPercent = z.output<typeof intOrPercentSchema>;

export const machineRollingUpdateDeploymentSchema = z.strictObject({
  maxUnavailable: intOrPercentSchema
    .default(0)
    .describe('How many Machines may be unavailable during a rollout: a count or a percentage of replicas such as "25%"; default 0.'),
  maxSurge: intOrPercentSchema
    .default(1)
    .describe('How many Machines may exist beyond replicas during a rollout: a count or a percentage such as "25%"; default 1.'),
});

export const machineDeploymentStrategySchema = z.strictObject({
  type: z.literal('RollingUpdate').default('RollingUpdate').describe('How Machines are replaced: RollingUpdate, the only strategy of v1alpha1.'),
  rollingUpdate: machineRollingUpdateDeploymentSchema
    .default({ maxUnavailable: 0, maxSurge: 1 })
    .describe('Pace of a rolling update.'),
});

export const machineDeploymentSpecSchema = z
  .strictObject({
    replicas: z.number().int().nonnegative().default(1).describe('How many Machines to keep; default 1.'),
    selector: ownerSelectorSchema.describe('Which Machines belong to the deployment; must match the template\'s labels and must not be empty.'),
    template: machineTemplateSpecSchema.describe('What each Machine looks like; changing it rolls the Machines out anew.'),
    strategy: machineDeploymentStrategySchema
      .default({
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
      })
      .describe('How old Machines are replaced by new ones.'),
    deletePolicy: z
      .enum(machineSetDeletePolicies)
      .default('Random')
      .describe('Which Machines go first when scaling down: Random, Newest or Oldest; default Random.'),
    minReadySeconds: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe('Seconds a new Machine\'s Node must be ready before the Machine counts as available; default 0.'),
    revisionHistoryLimit: z.number().int().nonnegative().default(1).describe('How many old MachineSets to keep for rollback; default 1.'),
    paused: z.boolean().default(false).describe('While true, template changes are not rolled out.'),
    progressDeadlineSeconds: z
      .number()
      .int()
      .positive()
      .default(600)
      .describe('Seconds a rollout may go without progress before it is reported as stuck; default 600.'),
  })
  .meta({ 'x-kubernetes-validations': [selectorMatchesTemplateRule('MachineDeployment')] });

export const machineDeploymentStatusSchema = z.looseObject({
  observedGeneration: z.number().int().nonnegative().optional().describe('The generation of the spec this status is about.'),
  selector: z.string().optional().describe('spec.selector as a string, for the scale subresource (kubectl scale, autoscalers).'),
  replicas: z.number().int().nonnegative().optional().describe('Machines of every revision.'),
  updatedReplicas: z.number().int().nonnegative().optional().describe('Machines made from the current template.'),
  readyReplicas: z.number().int().nonnegative().optional().describe('Machines whose Node is ready.'),
  availableReplicas: z.number().int().nonnegative().optional().describe('Machines ready for at least minReadySeconds.'),
  unavailableReplicas: z.number().int().nonnegative().optional().describe('Machines still missing to reach replicas available.'),
  /** Set when the rollout made no progress within progressDeadlineSeconds. */
  progressDeadlineExceeded: z.boolean().optional().describe('True when the rollout made no progress within progressDeadlineSeconds.'),
});

export const machineDeploymentSchema = z
  .strictObject({
    apiVersion: z.literal('cluster.k8s.io/v1alpha1').describe(commonFieldDescriptions.apiVersion),
    kind: z.literal('MachineDeployment').describe(commonFieldDescriptions.kind),
    metadata: objectMetaSchema.describe(commonFieldDescriptions.metadata),
    spec: machineDeploymentSpecSchema.describe('How many Machines, from which template, and how to roll out a change.'),
    status: machineDeploymentStatusSchema
      .optional()
      .describe('What the MachineDeployment controller observed; written through the status subresource.'),
  })
  .describe('Rolls Machines out through MachineSets, like a Deployment does Pods: a template change replaces the Machines step by step.');

export type MachineDeploymentSpec = z.output<typeof machineDeploymentSpecSchema>;
export type MachineDeploymentStatus = z.output<typeof machineDeploymentStatusSchema>;
export type MachineDeployment = z.output<typeof machineDeploymentSchema>;
