import { z } from 'zod';
import { kubernetesVersionSchema, rawExtensionSchema, timestampSchema } from './field-formats.js';
import { objectMetaSchema } from './object-meta.js';
import { providerSpecSchema } from './provider-spec.js';

export const taintSchema = z.strictObject({
  key: z.string().min(1),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
  timeAdded: timestampSchema.optional(),
});
export type Taint = z.output<typeof taintSchema>;

export const machineVersionInfoSchema = z.strictObject({
  kubelet: kubernetesVersionSchema,
  /** Set only on control-plane machines: this is how v1alpha1 tells them apart. */
  controlPlane: kubernetesVersionSchema.optional(),
});
export type MachineVersionInfo = z.output<typeof machineVersionInfoSchema>;

export const nodeAddressSchema = z.strictObject({
  type: z.enum(['Hostname', 'ExternalIP', 'InternalIP', 'ExternalDNS', 'InternalDNS']),
  address: z.string(),
});
export type NodeAddress = z.output<typeof nodeAddressSchema>;

export const objectReferenceSchema = z.looseObject({
  kind: z.string().optional(),
  name: z.string(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  apiVersion: z.string().optional(),
});

export const machineSpecSchema = z.strictObject({
  /** Labels, annotations and taints for the Node this Machine becomes. */
  metadata: objectMetaSchema.optional(),
  taints: z.array(taintSchema).optional(),
  providerSpec: providerSpecSchema,
  versions: machineVersionInfoSchema,
  configSource: rawExtensionSchema.optional(),
  providerID: z.string().optional(),
});
export type MachineSpec = z.output<typeof machineSpecSchema>;

export const machinePhases = ['Pending', 'Provisioning', 'Provisioned', 'Running', 'Deleting', 'Deleted', 'Failed'] as const;
export type MachinePhase = (typeof machinePhases)[number];

/** The phases a machine's bootstrap agent reports, in order. */
export const bootstrapPhases = [
  'UserDataReceived',
  'CertificatesObtained',
  'KubeadmCompleted',
  'AddonsApplied',
  'KubeletStarted',
  'NodeRegistered',
] as const;
export type BootstrapPhase = (typeof bootstrapPhases)[number];

export const bootstrapStatusSchema = z.strictObject({
  /** The last phase reached. */
  phase: z.enum(bootstrapPhases).optional(),
  phases: z.array(z.strictObject({ phase: z.enum(bootstrapPhases), timestamp: timestampSchema })).optional(),
  failure: z
    .object({
      phase: z.string(),
      exitCode: z.number().int(),
      logTail: z.array(z.string()),
      timestamp: timestampSchema,
    })
    .optional(),
  /** When the single-use bootstrap token of this machine expires. */
  tokenExpiresAt: timestampSchema.optional(),
});
export type BootstrapStatus = z.output<typeof bootstrapStatusSchema>;

export const machineConditionSchema = z.looseObject({
  type: z.string(),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: timestampSchema.optional(),
  lastHeartbeatTime: timestampSchema.optional(),
});
export type MachineCondition = z.output<typeof machineConditionSchema>;

export const machineStatusSchema = z.looseObject({
  nodeRef: objectReferenceSchema.optional(),
  lastUpdated: timestampSchema.optional(),
  versions: machineVersionInfoSchema.optional(),
  errorReason: z.string().optional(),
  errorMessage: z.string().optional(),
  providerStatus: rawExtensionSchema.optional(),
  addresses: z.array(nodeAddressSchema).optional(),
  conditions: z.array(machineConditionSchema).optional(),
  phase: z.enum(machinePhases).optional(),
  bootstrap: bootstrapStatusSchema.optional(),
});
export type MachineStatus = z.output<typeof machineStatusSchema>;

export const machineSchema = z.strictObject({
  apiVersion: z.literal('cluster.k8s.io/v1alpha1'),
  kind: z.literal('Machine'),
  metadata: objectMetaSchema,
  spec: machineSpecSchema,
  status: machineStatusSchema.optional(),
});
export type Machine = z.output<typeof machineSchema>;

/** The template a MachineSet or MachineDeployment stamps Machines from. */
export const machineTemplateSpecSchema = z.strictObject({
  metadata: objectMetaSchema.optional(),
  spec: machineSpecSchema,
});
export type MachineTemplateSpec = z.output<typeof machineTemplateSpecSchema>;
