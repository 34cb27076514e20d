import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../pki/certificate-authority.js';
import { readCertificateRequest } from '../pki/certificate-request-reader.js';
import { CertificateTemplate } from '../pki/certificate-template.js';
import { toPem } from '../pki/pem.js';
import { publicKeyHash } from '../pki/public-key-hash.js';
import { issueServingCertificate } from '../service/service-certificate-authority.js';
import { renderUserData } from './render-user-data.js';
import { createBootstrapHook } from '../bootstrap-hook.js';
import { storeClusterAddons } from '../cluster/cluster-addons.js';
import { decodeSecretValue } from '../ports/secret-data.js';
import { startNodeAuthorizationService, type NodeAuthorizationService } from '../service/node-authorization-service.js';
import { BootstrapTokenStore } from '../tokens/bootstrap-token-store.js';
import { createAgentSandbox, runAgent, writeUserDataFiles } from '../test-support/agent-sandbox.js';
import { testCluster, testMachine } from '../test-support/fixtures.js';
import { InMemoryMachineRegistry } from '../test-support/in-memory-machine-registry.js';
import { InMemorySecretStore } from '../test-support/in-memory-secret-store.js';

/**
 * The shell agent, run for real with /bin/sh (dash here), curl and openssl,
 * against the node-authorization service over TLS on 127.0.0.1.
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
  const hook = createBootstrapHook({ secrets, machines, serviceUrl: service.url, caHash: service.caHash });
  const cluster = testCluster();
  const signal = new AbortController().signal;
  await hook.ensureClusterPki({ cluster }, { signal });
  return { secrets, machines, service, hook, cluster, signal };
}

function clusterCaFile(secrets: InMemorySecretStore, directory: string): string {
  const pem = decodeSecretValue(secrets.secrets.get('default/alpha-ca')?.data ?? {}, 'tls.crt') ?? '';
  const path = join(directory, 'management-ca.crt');
  writeFileSync(path, pem);
  return path;
}

describe('the bootstrap agent against the node-authorization service', () => {
  it('initializes the first control plane: certificate, shared PKI, kubeadm init, addons, every phase reported, sentinel', async () => {
    const { secrets, machines, hook, cluster, signal } = await setUp();
    const addons = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cni\n  namespace: kube-system\ndata:\n  mode: vxlan\n';
    await storeClusterAddons(secrets, cluster, addons);
    const machine = testMachine({ name: 'alpha-cp-0', uid: 'uid-cp-0', controlPlane: true });
    machines.add(cluster, machine);
    const { userData } = await hook.bootstrapData({ cluster, machine }, { signal });

    const sandbox = createAgentSandbox();
    writeUserDataFiles(userData, sandbox.root);
    const run = await runAgent(sandbox);

    expect(run.stderr).not.toContain('REFUSING');
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(sandbox.root, 'run/cluster-api/bootstrap-success.complete'))).toBe(true);
    const status = machines.bootstrapStatus('uid-cp-0');
    expect(status.phase).toBe('NodeRegistered');
    expect(status.phases?.map((entry) => entry.phase)).toEqual([
      'UserDataReceived',
      'CertificatesObtained',
      'KubeadmCompleted',
      'AddonsApplied',
      'KubeletStarted',
      'NodeRegistered',
    ]);
    expect(status.failure).toBeUndefined();

    const pki = join(sandbox.root, 'etc/kubernetes/pki');
    const verified = execFileSync('openssl', ['verify', '-CAfile', clusterCaFile(secrets, sandbox.root), join(pki, 'kubelet-client.crt')], { encoding: 'utf8' });
    expect(verified.trim()).toMatch(/kubelet-client\.crt: OK$/);
    const subject = execFileSync('openssl', ['x509', '-in', join(pki, 'kubelet-client.crt'), '-noout', '-subject'], { encoding: 'utf8' });
    expect(subject.trim()).toBe('subject=O = system:nodes, CN = system:node:alpha-cp-0');
    // The shared control-plane PKI is the management side's, byte for byte.
    expect(readFileSync(join(pki, 'ca.key'), 'utf8')).toBe(decodeSecretValue(secrets.secrets.get('default/alpha-ca')?.data ?? {}, 'tls.key'));
    expect(readFileSync(join(pki, 'etcd/ca.crt'), 'utf8')).toBe(decodeSecretValue(secrets.secrets.get('default/alpha-etcd')?.data ?? {}, 'tls.crt'));
    expect(readFileSync(join(pki, 'sa.key'), 'utf8')).toBe(decodeSecretValue(secrets.secrets.get('default/alpha-sa')?.data ?? {}, 'tls.key'));
    expect(statSync(join(pki, 'kubelet-client.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(pki, 'ca.key')).mode & 0o777).toBe(0o600);

    expect(run.calls).toMatch(/^kubeadm init --config \S+\/etc\/slipway\/kubeadm\.yaml --skip-token-print$/m);
    expect(readFileSync(join(sandbox.root, 'var/log/applied-addons.yaml'), 'utf8')).toBe(addons);
    expect(run.calls).toContain('systemctl enable --now kubelet');
    // Joined: no token is left, on the machine or at the management side.
    expect(existsSync(join(sandbox.root, 'etc/slipway/bootstrap-token'))).toBe(false);
    expect(await secrets.list('slipway-system', { 'slipway.dev/bootstrap-token': 'true' })).toEqual([]);
    expect(machines.eventsOf('uid-cp-0').map((event) => event.reason)).toEqual(['KubeletCertificateIssued', 'NodeRegistered']);
  });

  it.each([
    ['dash', ['/bin/dash']],
    ['bash --posix', ['/bin/bash', '--posix']],
  ])('joins a worker with only its own certificate and the cluster CA (%s)', async (_shellName, shell) => {
    const { secrets, machines, hook, cluster, signal } = await setUp();
    const machine = testMachine({ name: 'alpha-worker-0', uid: 'uid-worker-0' });
    machines.add(cluster, machine);
    const { userData } = await hook.bootstrapData({ cluster, machine }, { signal });
    const sandbox = createAgentSandbox();
    writeUserDataFiles(userData, sandbox.root);

    const run = await runAgent(sandbox, {}, shell);

    expect(run.exitCode).toBe(0);
    expect(machines.bootstrapStatus('uid-worker-0').phase).toBe('NodeRegistered');
    expect(machines.bootstrapStatus('uid-worker-0').phases?.map((entry) => entry.phase)).not.toContain('AddonsApplied');
    const pki = join(sandbox.root, 'etc/kubernetes/pki');
    expect(execFileSync('openssl', ['verify', '-CAfile', clusterCaFile(secrets, sandbox.root), join(pki, 'kubelet-client.crt')], { encoding: 'utf8' })).toContain(': OK');
    expect(existsSync(join(pki, 'ca.key'))).toBe(false);
    expect(existsSync(join(pki, 'etcd/ca.key'))).toBe(false);
    expect(run.calls).toMatch(/^kubeadm join --config \S+\/etc\/slipway\/kubeadm\.yaml$/m);
    const discovery = readFileSync(join(sandbox.root, 'etc/kubernetes/discovery.conf'), 'utf8');
    expect(discovery).toContain('server: https://10.0.0.10:6443');
  });

  it('refuses a service whose CA does not match the pinned hash, and tells it nothing', async () => {
    const { machines, hook, cluster, signal, secrets } = await setUp();
    const impostor = await startNodeAuthorizationService({ secrets: new InMemorySecretStore(), machines, rateLimit: { ratePerSecond: 1000, burst: 1000 } });
    services.push(impostor);
    const machine = testMachine({ name: 'alpha-worker-1', uid: 'uid-worker-1' });
    machines.add(cluster, machine);
    const { userData } = await hook.bootstrapData({ cluster, machine }, { signal });
    const sandbox = createAgentSandbox();
    // The real pin, but the address of another service (say, a DNS hijack).
    writeUserDataFiles(userData.replace(/SLIPWAY_SERVICE_URL='[^']*'/, `SLIPWAY_SERVICE_URL='${impostor.url}'`), sandbox.root);

    const run = await runAgent(sandbox);

    expect(run.exitCode).toBe(3);
    expect(run.log).toContain('REFUSING the node-authorization service');
    expect(existsSync(join(sandbox.root, 'etc/kubernetes/pki/kubelet-client.crt'))).toBe(false);
    expect(machines.bootstrapStatus('uid-worker-1')).toEqual({});
    expect(machines.eventsOf('uid-worker-1')).toEqual([]);
    // The token was never presented anywhere, so it is still good.
    const tokens = new BootstrapTokenStore({ secrets, clock: Date });
    const token = readFileSync(join(sandbox.root, 'etc/slipway/bootstrap-token'), 'utf8');
    await expect(tokens.authenticate(token)).resolves.toMatchObject({ machineUid: 'uid-worker-1' });
  });

  it('reports a kubeadm failure with its phase, exit code and log tail, and completes when run again after the fix', async () => {
    const { machines, hook, cluster, signal } = await setUp();
    const machine = testMachine({ name: 'alpha-cp-1', uid: 'uid-cp-1', controlPlane: true });
    machines.add(cluster, machine);
    const { userData } = await hook.bootstrapData({ cluster, machine }, { signal });
    const sandbox = createAgentSandbox();
    writeUserDataFiles(userData, sandbox.root);
    writeFileSync(join(sandbox.root, 'etc/slipway/fail-kubeadm'), '');

    const failed = await runAgent(sandbox);

    expect(failed.exitCode).toBe(1);
    const status = machines.bootstrapStatus('uid-cp-1');
    expect(status.phase).toBe('CertificatesObtained');
    expect(status.failure).toMatchObject({ phase: 'KubeadmCompleted', exitCode: 1 });
    expect(status.failure?.logTail.some((line) => line.includes('[ERROR CRI]: container runtime is not running'))).toBe(true);
    expect(status.failure?.logTail.length).toBeLessThanOrEqual(50);
    expect(status.failure?.logTail.join('\n')).not.toMatch(/[a-z0-9]{6}\.[a-z0-9]{16}/);
    expect(machines.eventsOf('uid-cp-1').map((event) => event.reason)).toContain('BootstrapFailed');

    // The operator fixes the runtime and the machine reboots: the agent resumes, without a new token.
    execFileSync('rm', [join(sandbox.root, 'etc/slipway/fail-kubeadm')]);
    const resumed = await runAgent(sandbox);

    expect(resumed.exitCode).toBe(0);
    const after = machines.bootstrapStatus('uid-cp-1');
    expect(after.phase).toBe('NodeRegistered');
    expect(after.failure).toBeUndefined();
    expect(resumed.log.match(/kubelet client certificate obtained/g)).toHaveLength(1);

    const again = await runAgent(sandbox);
    expect(again.exitCode).toBe(0);
    expect(again.log).toContain('bootstrap already complete');
  });

  it('gives up with exit 4 after its attempts when the service cannot be reached', async () => {
    const { machines, hook, cluster, signal, service } = await setUp();
    const machine = testMachine({ name: 'alpha-worker-2', uid: 'uid-worker-2' });
    machines.add(cluster, machine);
    const { userData } = await hook.bootstrapData({ cluster, machine }, { signal });
    await service.stop();
    services.length = 0;
    const sandbox = createAgentSandbox();
    writeUserDataFiles(userData, sandbox.root);

    const run = await runAgent(sandbox, { SLIPWAY_AGENT_ATTEMPTS: '2' });

    expect(run.exitCode).toBe(4);
    expect(run.log.match(/cannot reach https:\/\/127\.0\.0\.1:\d+ \(HTTP 000, attempt 1\)/g)).toHaveLength(1);
    expect(run.log).toContain('gave up reaching the node-authorization service');
    expect(existsSync(join(sandbox.root, 'etc/kubernetes/pki/kubelet-client.key'))).toBe(false);
  });

  it('never runs as shell what even a pinned service sends back', async () => {
    const serviceAuthority = createCertificateAuthority({ commonName: 'pinned-service', now: new Date() });
    const clusterAuthority = createCertificateAuthority({ commonName: 'kubernetes', now: new Date() });
    const serving = issueServingCertificate(serviceAuthority, ['127.0.0.1'], new Date());
    const template = new CertificateTemplate(clusterAuthority.issuer, { keyUsage: ['digitalSignature'], extendedKeyUsage: ['clientAuth'] });
    const line = (name: string, value: string) => `${name} ${Buffer.from(value).toString('base64')}\n`;
    const server = createServer({ key: serving.privateKeyPem, cert: serving.certificatePem }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url === '/v1/ca') return void response.end(serviceAuthority.certificatePem);
        if (request.url === '/v1/report') return void response.writeHead(204).end();
        const csr = readCertificateRequest(new URLSearchParams(Buffer.concat(chunks).toString()).get('csr') ?? '');
        const now = Date.now();
        const certificate = template.issue({ subject: { commonName: 'system:node:victim', organizations: ['system:nodes'] }, subjectPublicKeyInfoDer: csr.subjectPublicKeyInfoDer, notBefore: new Date(now - 60_000), notAfter: new Date(now + 3_600_000) });
        response.end(
          line('node-name', `victim'; touch "$SLIPWAY_ROOT/pwned-by-name"; '`) +
            line('role', 'worker') +
            line('api-server', '$(touch "$SLIPWAY_ROOT/pwned-by-endpoint")') +
            line('kubelet-client.crt', toPem('CERTIFICATE', certificate)) +
            line('ca.crt', clusterAuthority.certificatePem) +
            line('../../../../pwned-by-path', 'x'),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const userData = renderUserData({
        cluster: testCluster(),
        machine: testMachine({ name: 'victim', uid: 'uid-victim' }),
        role: 'worker',
        token: 'abcdef.0123456789abcdef',
        serviceUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
        caHash: publicKeyHash(serviceAuthority.certificate),
      });
      const sandbox = createAgentSandbox();
      writeUserDataFiles(userData, sandbox.root);

      const run = await runAgent(sandbox);

      for (const marker of ['pwned-by-name', 'pwned-by-endpoint', '../pwned-by-path', 'pwned-by-path']) {
        expect(existsSync(join(sandbox.root, marker)), marker).toBe(false);
      }
      expect(run.log).toContain('ignoring a malformed joined_node_name in the join answer');
      expect(run.log).toContain('ignoring a malformed joined_api_server in the join answer');
      expect(run.exitCode).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('retries a rate-limited CA fetch instead of taking it for a pin failure', async () => {
    const serviceAuthority = createCertificateAuthority({ commonName: 'busy-service', now: new Date() });
    const serving = issueServingCertificate(serviceAuthority, ['127.0.0.1'], new Date());
    let caFetches = 0;
    const server = createServer({ key: serving.privateKeyPem, cert: serving.certificatePem }, (request, response) => {
      request.resume();
      request.on('end', () => {
        if (request.url === '/v1/ca') {
          caFetches += 1;
          if (caFetches === 1) return void response.writeHead(429, { 'retry-after': '1' }).end('RateLimited: too many requests from this address; retry later\n');
          return void response.end(serviceAuthority.certificatePem);
        }
        if (request.url === '/v1/report') return void response.writeHead(204).end();
        response.writeHead(403).end('MachineNotFound: no such Machine\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const userData = renderUserData({
        cluster: testCluster(),
        machine: testMachine({ name: 'patient', uid: 'uid-patient' }),
        role: 'worker',
        token: 'abcdef.0123456789abcdef',
        serviceUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
        caHash: publicKeyHash(serviceAuthority.certificate),
      });
      const sandbox = createAgentSandbox();
      writeUserDataFiles(userData, sandbox.root);

      const run = await runAgent(sandbox);

      expect(run.log).not.toContain('REFUSING');
      expect(caFetches).toBe(2);
      expect(run.log).toContain('service CA matches the pinned hash');
      // It went on to join, which this service refuses: exit 6, not the pin failure's 3.
      expect(run.exitCode).toBe(6);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
