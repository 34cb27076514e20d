import type { TokenCredential } from '@azure/core-auth';

/** A credential for the emulator, which checks no token: the SDK's bearer policy still wants one. */
export const emulatorCredential: TokenCredential = {
  getToken: async () => ({ token: 'emulator-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};
