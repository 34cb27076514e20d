/**
 * EC2 takes at most 16 KB of user data, base64 on the wire. Bootstrap data
 * that is larger raw is gzipped (cloud-init unpacks gzip by itself); what is
 * still too large is a configuration error, named before any call is made.
 */
import { gzipSync } from 'node:zlib';
import { TerminalError } from '@slipway/core';

export const maximumUserDataBytes = 16_384;

export function encodeUserData(userData: string): { base64: string; gzipped: boolean } {
  const raw = Buffer.from(userData, 'utf8');
  if (raw.length <= maximumUserDataBytes) return { base64: raw.toString('base64'), gzipped: false };
  // mtime 0 in the header keeps the bytes (and so the RunInstances request) identical on every retry.
  const gzipped = gzipSync(raw, { level: 9 });
  gzipped.writeUInt32LE(0, 4);
  if (gzipped.length > maximumUserDataBytes) {
    throw new TerminalError(
      'InvalidConfiguration',
      `the bootstrap user data is ${raw.length} bytes (${gzipped.length} gzipped), over EC2's limit of ${maximumUserDataBytes}; move large files out of the cloud-init config`,
    );
  }
  return { base64: gzipped.toString('base64'), gzipped: true };
}
