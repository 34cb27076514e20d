import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Each test file starts its own etcd + kube-apiserver (~0.4 GB RSS): keep it to a couple at once.
    maxWorkers: 2,
  },
});
