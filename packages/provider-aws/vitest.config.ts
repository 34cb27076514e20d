import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@slipway/source'] },
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.live.test.ts'],
    environment: 'node',
  },
});
