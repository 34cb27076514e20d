import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMachineSimulator } from '@slipway/cloud-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createBootstrapHook } from './bootstrap-hook.js';
import { storeClusterAddons } from './cluster/cluster-addons.js';
import { decodeSecretValue } from './ports/secret-data.js';
import { startNodeAuthorizationService, type NodeAuthorizationService } from './service/node-authorization-service.js';
import { testCluster, testMachine } from './test-support/fixtures.js';
import { InMemoryMachineRegistry } from './test-support/in-memory-machine-registry.js';
import { InMemorySecretStore } from './test-support/in-memory-secret-store.js';

/**
 * End to end on loopback: the hook renders user data, the emulator's machine
 * simulator boots it (cloud-init write_files + runcmd, stand-in kubeadm,
 * kubelet, systemctl and kubectl; real sh, curl and openssl), and the agent in
 * it joins through the node-authorization service over TLS.
 */
const services: NodeAuthorizationService[] = [];
afterEach(async () => {
  while (services.length > 0) await services.pop()?.stop();
});

async function setUp() {
  const secrets = new InMemorySecretStore();
  const machines = new InMemoryMachineRegistry();
  const service = await startNodeAuthorizationService({ secrets, machines, rateLimit: { ratePerSecond: 1000, burst: 1000 } });
  services.push(service);
  const hook = createBootstrapHook({ secrets, machines, serviceUrl: service.url, caHash: service.caHash, cloudOf: () => 'aws' });
  const cluster = testCluster();
  const signal = new AbortController().signal;
  await hook.ensureClusterPki({ cluster }, { signal });
  const simulator = createMachineSimulator({ workDirectory: mkdtempSync(join(tmpdir(), 'slipway-simulator-')), timeoutMilliseconds: 60_000 });
  const caFile = join(simulator.workDirectory, 'management-ca.crt');
  writeFileSync(caFile, decodeSecretValue(secrets.secrets.get('default/alpha-ca')?.data ?? {}, 'tls.crt') ?? '');
  return { secrets, machines, hook, cluster, signal, simulator, caFile };
}

const quickRetries = { SLIPWAY_AGENT_BACKOFF_SECONDS: '0', SLIPWAY_AGENT_ATTEMPTS: '3' };

describe('joining through the machine simulator', () => {
  it('initializes a control plane, then joins a worker; both certificates verify with openssl against the cluster CA', async () => {
    const { secrets, machines, hook, cluster, signal, simulator, caFile } = await setUp();
    await storeClusterAddons(secrets, cluster, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: addons\n');
    const controlPlane = testMachine({ name: 'alpha-cp-0', uid: 'uid-cp-0', controlPlane: true });
    const worker = testMachine({ name: 'alpha-worker-0', uid: 'uid-worker-0' });
    machines.add(cluster, controlPlane);
    machines.add(cluster, worker);

    const controlPlaneBoot = await simulator.boot({
      instanceId: 'i-control-plane',
      userData: (await hook.bootstrapData({ cluster, machine: controlPlane }, { signal })).userData,
      environment: quickRetries,
    });
    expect(controlPlaneBoot.log).not.toContain('REFUSING');
    expect(controlPlaneBoot.exitCode).toBe(0);
    const workerBoot = await simulator.boot({
      instanceId: 'i-worker',
      userData: (await hook.bootstrapData({ cluster, machine: worker }, { signal })).userData,
      environment: quickRetries,
    });
    expect(workerBoot.exitCode).toBe(0);

    for (const [boot, uid, node] of [[controlPlaneBoot, 'uid-cp-0', 'alpha-cp-0'], [workerBoot, 'uid-worker-0', 'alpha-worker-0']] as const) {
      expect(machines.bootstrapStatus(uid).phase).toBe('NodeRegistered');
      expect(existsSync(join(boot.sandboxDirectory, 'run/cluster-api/bootstrap-success.complete'))).toBe(true);
      const certificate = join(boot.sandboxDirectory, 'etc/kubernetes/pki/kubelet-client.crt');
      expect(execFileSync('openssl', ['verify', '-CAfile', caFile, certificate], { encoding: 'utf8' }).trim()).toBe(`${certificate}: OK`);
      expect(execFileSync('openssl', ['x509', '-in', certificate, '-noout', '-subject'], { encoding: 'utf8' }).trim()).toBe(`subject=O = system:nodes, CN = system:node:${node}`);
    }
    const kubeadmCalls = (boot: { sandboxDirectory: string }) => readFileSync(join(boot.sandboxDirectory, 'var/lib/slipway-simulator/kubeadm.calls'), 'utf8');
    expect(kubeadmCalls(controlPlaneBoot)).toMatch(/^kubeadm init --config /);
    expect(kubeadmCalls(workerBoot)).toMatch(/^kubeadm join --config /);
    expect(readFileSync(join(controlPlaneBoot.sandboxDirectory, 'var/lib/slipway-simulator/kubectl/applied-1.yaml'), 'utf8')).toContain('name: addons');
    expect(existsSync(join(workerBoot.sandboxDirectory, 'etc/kubernetes/pki/ca.key'))).toBe(false);
  });

  it('shows a forced kubeadm failure on the Machine with its phase, exit code and log tail', async () => {
    const { machines, hook, cluster, signal, simulator } = await setUp();
    const controlPlane = testMachine({ name: 'alpha-cp-0', uid: 'uid-cp-0', controlPlane: true });
    machines.add(cluster, controlPlane);

    const boot = await simulator.boot({
      instanceId: 'i-broken',
      userData: (await hook.bootstrapData({ cluster, machine: controlPlane }, { signal })).userData,
      environment: { ...quickRetries, SLIPWAY_SIMULATE_FAILURE: 'kubeadm' },
    });

    expect(boot.exitCode).toBe(1);
    const status = machines.bootstrapStatus('uid-cp-0');
    expect(status.phase).toBe('CertificatesObtained');
    expect(status.failure).toMatchObject({ phase: 'KubeadmCompleted', exitCode: 1 });
    expect(status.failure?.logTail).toEqual(expect.arrayContaining([expect.stringContaining('[ERROR Port-6443]: Port 6443 is in use')]));
    expect(machines.eventsOf('uid-cp-0').map((event) => event.reason)).toEqual(['KubeletCertificateIssued', 'BootstrapFailed']);
    expect(existsSync(join(boot.sandboxDirectory, 'run/cluster-api/bootstrap-success.complete'))).toBe(false);
  });
});
