/**
 * Nova takes user data as base64 of at most 65,535 characters. Too much is a
 * terminal InvalidConfiguration before any call, naming the sizes, instead of a
 * 400 after the port was made.
 */
import { TerminalError } from '@slipway/core';

export const novaUserDataLimit = 65_535;

export function encodeUserData(userData: string): string {
  const encoded = Buffer.from(userData, 'utf8').toString('base64');
  if (encoded.length > novaUserDataLimit) {
    throw new TerminalError(
      'InvalidConfiguration',
      `the bootstrap user data is ${Buffer.byteLength(userData)} bytes, ${encoded.length} in base64; Nova accepts at most ${novaUserDataLimit}. Shrink the files and commands of the Machine's bootstrap configuration.`,
    );
  }
  return encoded;
}
