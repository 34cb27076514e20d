import { z } from 'zod';
import { rawExtensionSchema } from './field-formats.js';
import { objectMetaSchema } from './object-meta.js';

/**
 * Reusable provider settings that Machines reference through
 * `spec.providerSpec.valueFrom.machineClass`. In v1alpha1 the settings sit at the
 * top level of the object (`providerSpec`), not under `spec`.
 */
export const machineClassSchema = z.strictObject({
  apiVersion: z.literal('cluster.k8s.io/v1alpha1'),
  kind: z.literal('MachineClass'),
  metadata: objectMetaSchema,
  providerSpec: rawExtensionSchema,
});
export type MachineClass = z.output<typeof machineClassSchema>;
