import { randomBytes } from 'node:crypto';

/**
 * A random 16-byte certificate serial (RFC 5280 allows up to 20). The first
 * byte is kept in 0x01..0x7f so the DER INTEGER is always exactly 16 bytes,
 * positive and minimal: the fast path relies on that fixed width.
 */
export function randomSerialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) || 0x01;
  return serial;
}
