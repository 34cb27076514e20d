import { z } from 'zod';
import { kubernetesVersionSchema, rawExtensionSchema, timestampSchema } from './field-formats.js';
import { commonFieldDescriptions, objectMetaSchema } from './object-meta.js';
import { providerSpecSchema } from './provider-spec.js';

export const taintSchema = z.strictObject({
  key: z.string().min(1).describe('Taint key.'),
  value: z.string().optional().describe('Taint value.'),
  effect: z
    .enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'])
    .describe('What happens to Pods that do not tolerate the taint: NoSchedule, PreferNoSchedule or NoExecute.'),
  timeAdded: timestampSchema.optional().describe('When a NoExecute taint was added.'),
});
export type Taint = z.output<typeof taintSchema>;

export const machineVersionInfoSchema = z.strictObject({
  kubelet: kubernetesVersionSchema.describe('Kubernetes version of the kubelet, such as 1.13.2 or v1.13.2.'),
  /** Set only on control-plane machines: this is how v1alpha1 tells them apart. */
  controlPlane: kubernetesVersionSchema
    .optional()
    .describe('Kubernetes version of the control plane; set only on control-plane Machines (this is how v1alpha1 tells them apart).'),
});
export type MachineVersionInfo = z.output<typeof machineVersionInfoSchema>;

export const nodeAddressSchema = z.strictObject({
  type: z.enum(['Hostname', 'ExternalIP', 'InternalIP', 'ExternalDNS', 'InternalDNS']).describe('Kind of address.'),
  address: z.string().describe('The address.'),
});
export type NodeAddress = z.output<typeof nodeAddressSchema>;

export const objectReferenceSchema = z.looseObject({
  kind: z.string().optional().describe('Kind of the object referred to.'),
  name: z.string().describe('Name of the object referred to.'),
  namespace: z.string().optional().describe('Namespace of the object referred to.'),
  uid: z.string().optional().describe('UID of the object referred to.'),
  apiVersion: z.string().optional().describe('API version of the object referred to.'),
});

export const machineSpecSchema = z.strictObject({
  /** Labels, annotations and taints for the Node this Machine becomes. */
  metadata: objectMetaSchema.optional().describe('Labels and annotations for the Node this Machine becomes.'),
  taints: z.array(taintSchema).optional().describe('Taints for the Node this Machine becomes.'),
  providerSpec: providerSpecSchema.describe('Cloud settings of the instance (type, image, zone, ...), judged by the provider.'),
  versions: machineVersionInfoSchema.describe('Kubernetes versions to run; versions.controlPlane makes the Machine a control-plane machine.'),
  configSource: rawExtensionSchema.optional().describe('Dynamic kubelet configuration source (kept, not used by Slipway).'),
  providerID: z
    .string()
    .optional()
    .describe('The cloud\'s ID of the instance (such as aws:///us-east-1a/i-0123), set by the controller as soon as the instance exists.'),
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
  phase: z.enum(bootstrapPhases).optional().describe('The last bootstrap phase the instance reported.'),
  phases: z
    .array(
      z.strictObject({
        phase: z.enum(bootstrapPhases).describe('A bootstrap phase.'),
        timestamp: timestampSchema.describe('When the instance reported it.'),
      }),
    )
    .optional()
    .describe('Every bootstrap phase reported, in order.'),
  failure: z
    .object({
      phase: z.string().describe('The phase that failed.'),
      exitCode: z.number().int().describe('Exit code of the failed step.'),
      logTail: z.array(z.string()).describe('The last lines of its log.'),
      timestamp: timestampSchema.describe('When the failure was reported.'),
    })
    .optional()
    .describe('A bootstrap failure reported by the instance.'),
  /** When the single-use bootstrap token of this machine expires. */
  tokenExpiresAt: timestampSchema.optional().describe('When the single-use bootstrap token of this Machine expires.'),
});
export type BootstrapStatus = z.output<typeof bootstrapStatusSchema>;

export const machineConditionSchema = z.looseObject({
  type: z.string().describe('Type of condition, such as Ready.'),
  status: z.enum(['True', 'False', 'Unknown']).describe('True, False or Unknown.'),
  reason: z.string().optional().describe('Machine-readable reason of the last transition.'),
  message: z.string().optional().describe('Details of the last transition, for people.'),
  lastTransitionTime: timestampSchema.optional().describe('When the status last changed.'),
  lastHeartbeatTime: timestampSchema.optional().describe('When the condition was last probed.'),
});
export type MachineCondition = z.output<typeof machineConditionSchema>;

export const machineStatusSchema = z.looseObject({
  nodeRef: objectReferenceSchema.optional().describe('The Node this Machine became, once it registered.'),
  lastUpdated: timestampSchema.optional().describe('When the status was last written.'),
  versions: machineVersionInfoSchema.optional().describe('Kubernetes versions the Machine runs.'),
  errorReason: z
    .string()
    .optional()
    .describe('Machine-readable reason of a terminal problem (InvalidConfiguration, InsufficientResources, ...); set until the spec is fixed.'),
  errorMessage: z.string().optional().describe('What went wrong and what to do, for people.'),
  providerStatus: rawExtensionSchema.optional().describe('Provider-specific state of the instance.'),
  addresses: z.array(nodeAddressSchema).optional().describe('Addresses of the instance.'),
  conditions: z.array(machineConditionSchema).optional().describe('Conditions of the Node.'),
  phase: z
    .enum(machinePhases)
    .optional()
    .describe('Where the Machine is in its life: Pending, Provisioning, Provisioned, Running, Deleting, Deleted or Failed.'),
  bootstrap: bootstrapStatusSchema.optional().describe('Progress of the instance\'s bootstrap as its agent reports it.'),
});
export type MachineStatus = z.output<typeof machineStatusSchema>;

export const machineSchema = z
  .strictObject({
    apiVersion: z.literal('cluster.k8s.io/v1alpha1').describe(commonFieldDescriptions.apiVersion),
    kind: z.literal('Machine').describe(commonFieldDescriptions.kind),
    metadata: objectMetaSchema.describe(commonFieldDescriptions.metadata),
    spec: machineSpecSchema.describe('The machine wanted: Kubernetes versions, cloud settings, Node labels and taints.'),
    status: machineStatusSchema.optional().describe('What the machine controller observed; written through the status subresource.'),
  })
  .describe('One instance on a cloud that becomes a Node of its Cluster (named by the cluster.k8s.io/cluster-name label).');
export type Machine = z.output<typeof machineSchema>;

/** The template a MachineSet or MachineDeployment stamps Machines from. */
export const machineTemplateSpecSchema = z.strictObject({
  metadata: objectMetaSchema.optional().describe('Labels and annotations of the Machines made from the template; the selector must match the labels.'),
  spec: machineSpecSchema.describe('Spec of the Machines made from the template.'),
});
export type MachineTemplateSpec = z.output<typeof machineTemplateSpecSchema>;
