import { z } from 'zod';
import { rawExtensionSchema } from './field-formats.js';
import { commonFieldDescriptions, objectMetaSchema } from './object-meta.js';

/**
 * Reusable provider settings that Machines reference through
 * `spec.providerSpec.valueFrom.machineClass`. In v1alpha1 the settings sit at the
 * top level of the object (`providerSpec`), not under `spec`.
 */
export const machineClassSchema = z
  .strictObject({
    apiVersion: z.literal('cluster.k8s.io/v1alpha1').describe(commonFieldDescriptions.apiVersion),
    kind: z.literal('MachineClass').describe(commonFieldDescriptions.kind),
    metadata: objectMetaSchema.describe(commonFieldDescriptions.metadata),
    providerSpec: rawExtensionSchema.describe(
      'The provider settings, as a Machine would give them in spec.providerSpec.value (apiVersion, kind and the provider\'s fields).',
    ),
  })
  .describe('Provider settings kept once and referenced by name from Machines and templates (spec.providerSpec.valueFrom.machineClass).');
export type MachineClass = z.output<typeof machineClassSchema>;
