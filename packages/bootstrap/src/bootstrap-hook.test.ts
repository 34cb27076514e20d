import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createBootstrapHook } from './bootstrap-hook.js';
import { InvalidBootstrapInputError } from './errors/invalid-bootstrap-input-error.js';
import { decodeSecretValue } from './ports/secret-data.js';
import { testCluster, testMachine } from './test-support/fixtures.js';
import { InMemoryMachineRegistry } from './test-support/in-memory-machine-registry.js';
import { InMemorySecretStore } from './test-support/in-memory-secret-store.js';
import { SteppableClock } from './test-support/steppable-clock.js';

const caHash = `sha256:${'cd'.repeat(32)}`;
const signal = new AbortController().signal;

function setUp() {
  const secrets = new InMemorySecretStore();
  const machines = new InMemoryMachineRegistry();
  const clock = new SteppableClock();
  const hook = createBootstrapHook({ secrets, machines, clock, serviceUrl: 'https://10.0.0.2:9443', caHash });
  return { secrets, machines, clock, hook, cluster: testCluster() };
}

function roleOf(userData: string): string | undefined {
  const config = parse(userData) as { write_files: Array<{ path: string; content: string }> };
  return /SLIPWAY_ROLE='([^']*)'/.exec(config.write_files.find((file) => file.path === '/etc/slipway/bootstrap.env')?.content ?? '')?.[1];
}

describe('createBootstrapHook', () => {
  it('creates the cluster PKI once, even when asked concurrently: ECDSA P-256 CAs and an RSA service-account key', async () => {
    const { hook, secrets, cluster } = setUp();
    await Promise.all([hook.ensureClusterPki({ cluster }, { signal }), hook.ensureClusterPki({ cluster }, { signal })]);
    const before = structuredClone([...secrets.secrets.entries()]);
    await hook.ensureClusterPki({ cluster }, { signal });
    expect([...secrets.secrets.entries()]).toEqual(before);
    expect([...secrets.secrets.keys()].sort()).toEqual(['default/alpha-ca', 'default/alpha-etcd', 'default/alpha-proxy', 'default/alpha-sa']);
    for (const [name, commonName] of [['alpha-ca', 'kubernetes'], ['alpha-etcd', 'etcd-ca'], ['alpha-proxy', 'front-proxy-ca']]) {
      const certificate = new X509Certificate(decodeSecretValue(secrets.secrets.get(`default/${name}`)?.data ?? {}, 'tls.crt') ?? '');
      expect(certificate.subject).toBe(`CN=${commonName}`);
      expect(certificate.ca).toBe(true);
      expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    }
    const serviceAccount = decodeSecretValue(secrets.secrets.get('default/alpha-sa')?.data ?? {}, 'tls.key') ?? '';
    expect(serviceAccount).toContain('BEGIN PRIVATE KEY');
    expect(secrets.secrets.get('default/alpha-ca')?.labels).toEqual({ 'cluster.k8s.io/cluster-name': 'alpha', 'slipway.dev/cluster-pki': 'true' });
  });

  it('names the Secret and the key when a stored CA is damaged, and writes nothing', async () => {
    const { hook, secrets, cluster } = setUp();
    await hook.ensureClusterPki({ cluster }, { signal });
    const ca = secrets.secrets.get('default/alpha-ca');
    const otherKey = secrets.secrets.get('default/alpha-etcd')?.data['tls.key'] ?? '';
    secrets.secrets.set('default/alpha-ca', { ...ca!, data: { ...ca!.data, 'tls.key': otherKey } });
    const before = structuredClone([...secrets.secrets.entries()]);
    await expect(hook.ensureClusterPki({ cluster }, { signal })).rejects.toThrow(
      'Secret default/alpha-ca tls.key: does not match the CA certificate in tls.crt; restore the matching pair',
    );
    expect([...secrets.secrets.entries()]).toEqual(before);
  });

  it('gives init to exactly one of several control planes, and join to the rest and to workers', async () => {
    const { hook, cluster } = setUp();
    const controlPlanes = [0, 1, 2].map((index) => testMachine({ name: `cp-${index}`, uid: `uid-cp-${index}`, controlPlane: true }));
    const roles = await Promise.all(controlPlanes.map(async (machine) => roleOf((await hook.bootstrapData({ cluster, machine }, { signal })).userData)));
    expect(roles.filter((role) => role === 'init')).toHaveLength(1);
    expect(roles.filter((role) => role === 'control-plane')).toHaveLength(2);
    const initIndex = roles.indexOf('init');
    // Asking again for the same Machine keeps its role.
    expect(roleOf((await hook.bootstrapData({ cluster, machine: controlPlanes[initIndex]! }, { signal })).userData)).toBe('init');
    expect(roleOf((await hook.bootstrapData({ cluster, machine: testMachine({ name: 'w', uid: 'uid-w' }) }, { signal })).userData)).toBe('worker');
  });

  it('hands init to another control plane when the first is deleted before the control plane came up', async () => {
    const { hook, cluster } = setUp();
    const first = testMachine({ name: 'cp-0', uid: 'uid-cp-0', controlPlane: true });
    const second = testMachine({ name: 'cp-1', uid: 'uid-cp-1', controlPlane: true });
    expect(roleOf((await hook.bootstrapData({ cluster, machine: first }, { signal })).userData)).toBe('init');
    expect(roleOf((await hook.bootstrapData({ cluster, machine: second }, { signal })).userData)).toBe('control-plane');
    await hook.machineDeleted({ cluster, machine: first }, { signal });
    expect(roleOf((await hook.bootstrapData({ cluster, machine: second }, { signal })).userData)).toBe('init');
  });

  it('returns the token expiry, refreshes it while provisioning and revokes tokens on delete', async () => {
    const { hook, cluster, clock, machines, secrets } = setUp();
    const machine = testMachine({ name: 'w', uid: 'uid-w' });
    machines.add(cluster, machine);
    const data = await hook.bootstrapData({ cluster, machine }, { signal });
    expect(data.tokenExpiresAt).toBe(new Date(clock.now() + 15 * 60 * 1000).toISOString());
    clock.advance(10 * 60 * 1000);
    const refreshed = await hook.refreshBootstrapToken({ cluster, machine }, { signal });
    expect(refreshed.tokenExpiresAt).toBe(new Date(clock.now() + 15 * 60 * 1000).toISOString());
    expect(machines.bootstrapStatus('uid-w').tokenExpiresAt).toBe(refreshed.tokenExpiresAt);
    const registered = { ...machine, status: { bootstrap: { phase: 'NodeRegistered' as const } } };
    expect(await hook.refreshBootstrapToken({ cluster, machine: registered }, { signal })).toEqual({});
    await hook.machineDeleted({ cluster, machine }, { signal });
    expect(await secrets.list('slipway-system', { 'slipway.dev/bootstrap-token': 'true' })).toEqual([]);
  });

  it('refuses bad settings and Machines without a UID, and stops when aborted', async () => {
    const { secrets, hook, cluster } = setUp();
    expect(() => createBootstrapHook({ secrets, serviceUrl: 'https://x', caHash: 'nope' })).toThrow(InvalidBootstrapInputError);
    expect(() => createBootstrapHook({ secrets, serviceUrl: 'http://10.0.0.2:9443', caHash })).toThrow('serviceUrl: "http://10.0.0.2:9443" is not an https URL');
    const machine = testMachine({ name: 'w', uid: 'u' });
    await expect(hook.bootstrapData({ cluster, machine: { ...machine, metadata: { name: 'w' } } }, { signal })).rejects.toThrow('Machine metadata.uid: is required');
    await expect(hook.bootstrapData({ cluster: { ...cluster, metadata: {} }, machine }, { signal })).rejects.toThrow('Cluster metadata.name: is required');
    const aborted = new AbortController();
    aborted.abort(new Error('shutting down'));
    await expect(hook.ensureClusterPki({ cluster }, { signal: aborted.signal })).rejects.toThrow('shutting down');
    expect(secrets.secrets.size).toBe(0);
  });
});
