import { TerminalError } from '@slipway/core';

/** Azure decodes customData to at most 65,535 bytes. */
export const azureCustomDataMaximumBytes = 65_535;

/** Cloud-init user data as Azure wants it: base64, at most 65,535 bytes once decoded. */
export function encodeCustomData(userData: string): string {
  const bytes = Buffer.from(userData, 'utf8');
  if (bytes.length > azureCustomDataMaximumBytes) {
    throw new TerminalError(
      'InvalidConfiguration',
      `the bootstrap user data is ${bytes.length} bytes; Azure customData holds at most ${azureCustomDataMaximumBytes}. Shorten the addons or files rendered into cloud-init.`,
    );
  }
  return bytes.toString('base64');
}
