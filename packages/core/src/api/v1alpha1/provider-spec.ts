import { z } from 'zod';
import { rawExtensionSchema } from './field-formats.js';

/**
 * Where a Machine's or Cluster's provider-specific settings live: inline (`value`)
 * or in a MachineClass (`valueFrom.machineClass`). Exactly one of the two is set.
 */
export const machineClassReferenceSchema = z
  .strictObject({
    name: z.string().describe('Name of the MachineClass.'),
    namespace: z.string().optional().describe('Namespace of the MachineClass; the referring object\'s own when not given.'),
    provider: z.string().optional().describe('Provider the class is meant for, such as google (informational).'),
  })
  .describe('A MachineClass holding the provider settings.');

export const exactlyOneProviderSpecSourceMessage = 'expected exactly one of value or valueFrom.machineClass';

export const providerSpecSchema = z
  .strictObject({
    value: rawExtensionSchema
      .optional()
      .describe(
        'Provider settings inline, judged by the provider named in their apiVersion (awsprovider/v1alpha1, ...); the API server keeps them as they are.',
      ),
    valueFrom: z
      .strictObject({ machineClass: machineClassReferenceSchema })
      .optional()
      .describe('Provider settings kept in a MachineClass instead of inline.'),
  })
  .refine((spec) => (spec.value === undefined) !== (spec.valueFrom === undefined), {
    message: exactlyOneProviderSpecSourceMessage,
  })
  // The same rule in the generated CRD schema, reported at this field as parseManifests reports it.
  .meta({ 'x-kubernetes-validations': [{ rule: 'has(self.value) != has(self.valueFrom)', message: exactlyOneProviderSpecSourceMessage }] });
export type ProviderSpec = z.output<typeof providerSpecSchema>;
