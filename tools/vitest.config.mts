import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@slipway/source'] },
  test: {
    include: ['generators/**/*.test.ts'],
    environment: 'node',
  },
});
