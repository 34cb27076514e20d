/**
 * A Machine's UID, which every idempotency key and ownership tag derives from.
 * The store sets it on create, so its absence means the Machine did not come
 * from a store (a hand-built object in a script or a test): terminal, naming
 * the field, before anything reaches a cloud.
 */
import { InvalidProviderSpecError, type Machine } from '@slipway/core';

export function requireMachineUid(machine: { metadata: Pick<Machine['metadata'], 'name' | 'uid'> }): string {
  const uid = machine.metadata.uid;
  if (!uid) {
    throw new InvalidProviderSpecError(
      'metadata.uid',
      `Machine ${machine.metadata.name ?? '(unnamed)'} has no UID; the store sets one on create, and every idempotency key and ownership tag derives from it (create the Machine through the store)`,
    );
  }
  return uid;
}
