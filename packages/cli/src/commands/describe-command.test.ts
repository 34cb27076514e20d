/**
 * `slipway describe` reads everything from the store: a Machine whose bootstrap
 * failed shows its phases with their times, the failure's phase, exit code and
 * log tail, its conditions and its Events; an unknown name lists the known ones.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Machine } from '@slipway/core';
import { EventRecorder, openEmbeddedStore } from '@slipway/manager';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../run-cli.js';

async function describeIn(stateDirectory: string, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--state-dir', stateDirectory, 'describe', ...argv], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    environment: {},
  });
  return { code, stdout, stderr };
}

describe('slipway describe machine', () => {
  it('shows the bootstrap phases with times, the failure log tail, conditions and Events', async () => {
    const stateDirectory = await mkdtemp(join(tmpdir(), 'slipway-describe-'));
    const store = openEmbeddedStore({ stateDirectory: join(stateDirectory, 'store') });
    try {
      const created = await store.create<Machine>({
        apiVersion: 'cluster.k8s.io/v1alpha1',
        kind: 'Machine',
        metadata: { name: 'worker-7', namespace: 'default', labels: { 'cluster.k8s.io/cluster-name': 'c1' } },
        spec: { versions: { kubelet: '1.31.2' }, providerSpec: { value: {} }, providerID: 'aws:///us-east-1a/i-0123456789abcdef0' },
      });
      await store.updateStatus<Machine>({
        ...created,
        status: {
          phase: 'Provisioned',
          addresses: [{ type: 'InternalIP', address: '10.0.16.9' }],
          conditions: [{ type: 'BootstrapSucceeded', status: 'False', reason: 'KubeadmFailed', lastTransitionTime: '2026-11-24T10:00:09Z' }],
          bootstrap: {
            phase: 'CertificatesObtained',
            phases: [
              { phase: 'UserDataReceived', timestamp: '2026-11-24T10:00:01Z' },
              { phase: 'CertificatesObtained', timestamp: '2026-11-24T10:00:04Z' },
            ],
            failure: { phase: 'KubeadmCompleted', exitCode: 3, logTail: ['[preflight] running checks', 'error: port 10250 is in use'], timestamp: '2026-11-24T10:00:08Z' },
          },
        },
      });
      const recorder = new EventRecorder(store, { now: () => Date.parse('2026-11-24T10:00:08.500Z') });
      await recorder.recordOrThrow(created, { type: 'Warning', reason: 'BootstrapFailed', message: 'kubeadm join failed with exit code 3' });
    } finally {
      await store.close();
    }
    onTestFinished(() => rm(stateDirectory, { recursive: true, force: true }));

    const result = await describeIn(stateDirectory, ['machine', 'worker-7']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Phase:\s+Provisioned/);
    expect(result.stdout).toMatch(/Provider ID:\s+aws:\/\/\/us-east-1a\/i-0123456789abcdef0/);
    expect(result.stdout).toMatch(/2026-11-24T10:00:01Z\s+UserDataReceived\n\s+2026-11-24T10:00:04Z\s+CertificatesObtained\n\s+2026-11-24T10:00:08Z\s+failed in KubeadmCompleted with exit code 3/);
    expect(result.stdout).toContain('    [preflight] running checks\n    error: port 10250 is in use\n');
    expect(result.stdout).toMatch(/BootstrapSucceeded\s+False\s+KubeadmFailed/);
    expect(result.stdout).toMatch(/2026-11-24T10:00:08.500Z\s+Warning\s+BootstrapFailed\s+1\s+kubeadm join failed with exit code 3/);

    const unknown = await describeIn(stateDirectory, ['machine', 'worker-8']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`error: there is no machine "worker-8" in ${stateDirectory}; machines there: worker-7\n`);
  });
});
