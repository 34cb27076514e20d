import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@slipway/source'] },
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.live.test.ts'],
    environment: 'node',
    // The conformance checks run emulators on a sped-up clock; a busy 2-core machine needs the headroom.
    testTimeout: 60_000,
  },
});
