/**
 * The reference provider's Machine providerSpec, and its parsing into a
 * terminal InvalidProviderSpecError that names the offending field.
 */
import { InvalidProviderSpecError, type Machine } from '@slipway/core';
import { z } from 'zod';

export const referenceMachineProviderSpecSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  instanceType: z.enum(['small', 'medium', 'large']),
  image: z.string().min(1, 'expected an image name'),
  diskSizeGb: z.number().int().min(8).max(2048).default(20),
  /** Allocate a public address, released on delete. */
  publicAddress: z.boolean().default(false),
});
export type ReferenceMachineProviderSpec = z.output<typeof referenceMachineProviderSpecSchema>;

export function parseReferenceMachineProviderSpec(machine: Machine): ReferenceMachineProviderSpec {
  const value = machine.spec.providerSpec.value;
  if (value === undefined) {
    throw new InvalidProviderSpecError('spec.providerSpec.value', 'the reference provider needs an inline providerSpec value; resolve valueFrom.machineClass first');
  }
  const parsed = referenceMachineProviderSpecSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const fieldPath = ['spec', 'providerSpec', 'value', ...issue.path.map(String)].join('.');
  throw new InvalidProviderSpecError(fieldPath, issue.message, { cause: parsed.error });
}
