import { z } from 'zod';
import { rawExtensionSchema } from './field-formats.js';

/**
 * Where a Machine's or Cluster's provider-specific settings live: inline (`value`)
 * or in a MachineClass (`valueFrom.machineClass`). Exactly one of the two is set.
 */
export const machineClassReferenceSchema = z.strictObject({
  name: z.string(),
  namespace: z.string().optional(),
  provider: z.string().optional(),
});

export const providerSpecSchema = z
  .strictObject({
    value: rawExtensionSchema.optional(),
    valueFrom: z.strictObject({ machineClass: machineClassReferenceSchema }).optional(),
  })
  .refine((spec) => (spec.value === undefined) !== (spec.valueFrom === undefined), {
    message: 'expected exactly one of value or valueFrom.machineClass',
  })
  // The same rule in the generated CRD schema (a oneOf of required fields is allowed in a
  // structural schema), so an API server refuses what parseManifests refuses.
  .meta({ oneOf: [{ required: ['value'] }, { required: ['valueFrom'] }] });
export type ProviderSpec = z.output<typeof providerSpecSchema>;
