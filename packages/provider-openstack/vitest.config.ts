import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@slipway/source'] },
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.live.test.ts'],
    environment: 'node',
    // A real Keystone answers in 0.2 s idle, several seconds on a busy 2-core machine.
    testTimeout: 60_000,
  },
});
