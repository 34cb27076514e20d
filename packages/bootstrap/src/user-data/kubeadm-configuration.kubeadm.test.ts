import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBootstrapHook } from '../bootstrap-hook.js';
import { startNodeAuthorizationService, type NodeAuthorizationService } from '../service/node-authorization-service.js';
import { createAgentSandbox, runAgent, writeUserDataFiles } from '../test-support/agent-sandbox.js';
import { testCluster, testMachine } from '../test-support/fixtures.js';
import { InMemoryMachineRegistry } from '../test-support/in-memory-machine-registry.js';
import { InMemorySecretStore } from '../test-support/in-memory-secret-store.js';
import { canMakeMountNamespace, locateRealKubeadm, realKubeadmFront } from '../test-support/real-kubeadm.js';

/**
 * The rendered kubeadm configuration and the agent's file layout, checked by
 * the real kubeadm (v1.37, from tools/kubernetes/build.sh): `kubeadm config
 * validate` on every configuration the agent hands to kubeadm (init,
 * control-plane join, worker join), and kubeadm's own preflight file checks
 * on the files the agent laid out when it called kubeadm. A stand-in kubeadm
 * cannot catch a check it does not know about.
 */
const found = canMakeMountNamespace() ? locateRealKubeadm() : { missing: 'no private mount namespace (needs root or user namespaces) to show kubeadm a sandboxed /etc/kubernetes' };
const skipReason = 'missing' in found ? found.missing : undefined;

const services: NodeAuthorizationService[] = [];
afterEach(async () => {
  while (services.length > 0) await services.pop()?.stop();
});

describe.skipIf(skipReason !== undefined)(`the real kubeadm on what the agent hands it${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it.each([
    ['init', 'cp-0', true],
    ['control-plane', 'cp-1', true],
    ['worker', 'worker-0', false],
  ] as const)('%s: kubeadm config validate passes, and so do the preflight file checks', async (role, name, controlPlane) => {
    const kubeadm = 'kubeadm' in found ? found.kubeadm : '';
    const secrets = new InMemorySecretStore();
    const machines = new InMemoryMachineRegistry();
    const service = await startNodeAuthorizationService({ secrets, machines });
    services.push(service);
    const hook = createBootstrapHook({ secrets, machines, serviceUrl: service.url, caHash: service.caHash });
    const cluster = testCluster();
    const signal = new AbortController().signal;
    await hook.ensureClusterPki({ cluster }, { signal });
    if (role === 'control-plane') {
      // Someone else initialized: this control plane joins.
      const first = testMachine({ name: 'cp-first', uid: 'uid-cp-first', controlPlane: true });
      machines.add(cluster, first);
      await hook.bootstrapData({ cluster, machine: first }, { signal });
    }
    const machine = testMachine({ name, uid: `uid-${name}`, controlPlane, labels: { 'example.com/pool': 'general' }, taints: controlPlane ? undefined : [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] });
    machines.add(cluster, machine);
    const { userData } = await hook.bootstrapData({ cluster, machine }, { signal });
    const sandbox = createAgentSandbox();
    writeUserDataFiles(userData, sandbox.root);
    writeFileSync(join(sandbox.binDirectory, 'kubeadm'), realKubeadmFront(kubeadm));
    chmodSync(join(sandbox.binDirectory, 'kubeadm'), 0o755);

    const run = await runAgent(sandbox, {}, ['/bin/sh'], 100_000);

    expect(run.exitCode, run.log).toBe(0);
    const report = readFileSync(join(sandbox.root, 'var/log/real-kubeadm.log'), 'utf8');
    expect(report).toContain(`== validate ${role === 'init' ? 'init' : 'join'}\nok\n== validate exit 0`);
    expect(readFileSync(join(sandbox.root, 'etc/slipway/kubeadm.yaml'), 'utf8')).toContain('apiVersion: kubeadm.k8s.io/v1beta4');
    if (role !== 'control-plane') {
      expect(report).toContain('[preflight] Running pre-flight checks');
      // Every other check fails here (no container runtime, no kubelet) and is ignored; the file checks must not even warn.
      expect(report).not.toMatch(/(FileAvailable|DirAvailable|FileExisting)--etc-kubernetes/);
    }
  }, 120_000);
});
