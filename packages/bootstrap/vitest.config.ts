import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@slipway/source'] },
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.live.test.ts'],
    environment: 'node',
    // Most tests run the real agent (sh, curl, openssl) or real TLS; on a busy shared machine
    // a few seconds is not enough, and a timeout there says nothing about the code.
    testTimeout: 60_000,
  },
});
