import { defineConfig } from 'vitest/config';

// Only the tests against real AWS; they skip themselves without credentials.
export default defineConfig({
  resolve: { conditions: ['@slipway/source'] },
  test: {
    include: ['src/**/*.live.test.ts'],
    environment: 'node',
    fileParallelism: false,
  },
});
