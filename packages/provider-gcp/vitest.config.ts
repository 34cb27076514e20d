import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@slipway/source'] },
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.live.test.ts'],
    environment: 'node',
    // The first test of a file loads the Compute SDK (about a second alone, several on a busy 2-core machine).
    testTimeout: 30_000,
  },
});
