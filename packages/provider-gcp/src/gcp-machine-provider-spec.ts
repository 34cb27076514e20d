import { z } from 'zod';

/**
 * What a Machine's `spec.providerSpec.value` holds for Google Compute Engine.
 * Every field says what it is for; errors name the field and what was expected.
 */
export const gcpMachineProviderSpecSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.literal('GcpMachineProviderSpec').optional(),
  /** The instance size (e.g. "cx22"). */
  instanceType: z.string().min(1),
  /** The image to boot. */
  image: z.string().min(1),
  /** Extra tags for every resource of this machine, on top of the ownership tags. */
  additionalTags: z.record(z.string(), z.string()).default({}),
});

export type GcpMachineProviderSpec = z.output<typeof gcpMachineProviderSpecSchema>;
