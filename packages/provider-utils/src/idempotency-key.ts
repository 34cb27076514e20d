import { createHash } from 'node:crypto';
import { InvalidProviderSpecError } from '@slipway/core';

/**
 * Idempotency keys derived from a Machine's UID: the same Machine always sends
 * the same key, so a retried create after a crash or a lost reply is recognised
 * by the cloud as the same request. `purpose` separates different calls of one
 * Machine (e.g. "run-instances", or "run-instances/2" for a deliberate re-create).
 */
export function idempotencyKeyFromMachineUid(machineUid: string, purpose = 'create'): string {
  requireUid(machineUid);
  // 64 hex characters: exactly EC2's ClientToken limit (64 ASCII characters).
  return createHash('sha256').update(`slipway:${purpose}:${machineUid}`).digest('hex');
}

/**
 * The same idea shaped as a UUID (version 5 layout, RFC 9562), which is what
 * Compute Engine's `requestId` and Azure's client request ids accept.
 */
export function uuidFromMachineUid(machineUid: string, purpose = 'create'): string {
  requireUid(machineUid);
  const bytes = createHash('sha1').update(`slipway:${purpose}:${machineUid}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function requireUid(machineUid: string): void {
  if (!machineUid) {
    throw new InvalidProviderSpecError('metadata.uid', 'an idempotency key needs the Machine UID, which the store sets on create; got an empty one (create the Machine through the store)');
  }
}
