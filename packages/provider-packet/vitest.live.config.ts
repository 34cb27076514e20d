import { defineConfig } from 'vitest/config';

/** Only the live tests, against a real Metal API endpoint; see src/packet.live.test.ts for the variables. */
export default defineConfig({
  resolve: { conditions: ['@slipway/source'] },
  test: {
    include: ['src/**/*.live.test.ts'],
    environment: 'node',
    fileParallelism: false,
  },
});
