import { execFileSync } from 'node:child_process';
import { X509Certificate, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storeClusterAddons } from '../cluster/cluster-addons.js';
import { claimControlPlaneInitialization } from '../cluster/control-plane-initialization.js';
import { ensureClusterPki } from '../pki/cluster-pki.js';
import { createCertificateRequest } from '../pki/create-certificate-request.js';
import { fromPem, toPem } from '../pki/pem.js';
import { generateKeyPair } from '../pki/key-pair.js';
import { BootstrapTokenStore } from '../tokens/bootstrap-token-store.js';
import { testCluster, testMachine } from '../test-support/fixtures.js';
import { httpsRequest } from '../test-support/https-client.js';
import { InMemoryMachineRegistry } from '../test-support/in-memory-machine-registry.js';
import { InMemorySecretStore } from '../test-support/in-memory-secret-store.js';
import { LatentSecretStore } from '../test-support/latent-secret-store.js';
import { SteppableClock } from '../test-support/steppable-clock.js';
import { decodeJoinGrant } from './join-grant-encoding.js';
import { startNodeAuthorizationService, type NodeAuthorizationService } from './node-authorization-service.js';

const services: NodeAuthorizationService[] = [];
afterEach(async () => {
  while (services.length > 0) await services.pop()?.stop();
});

async function setUp(options: { rateLimit?: { ratePerSecond: number; burst: number }; caRateLimit?: { ratePerSecond: number; burst: number }; issuance?: 'template' | 'library'; withPki?: boolean } = {}) {
  const clock = new SteppableClock(Date.now());
  const secrets = new InMemorySecretStore();
  const machines = new InMemoryMachineRegistry();
  const cluster = testCluster();
  if (options.withPki !== false) await ensureClusterPki(secrets, cluster, clock);
  const service = await startNodeAuthorizationService({
    secrets,
    machines,
    clock,
    rateLimit: options.rateLimit ?? { ratePerSecond: 10_000, burst: 10_000 },
    machineRateLimit: { ratePerSecond: 10_000, burst: 10_000 },
    ...(options.caRateLimit ? { caRateLimit: options.caRateLimit } : {}),
    ...(options.issuance ? { issuance: options.issuance } : {}),
  });
  services.push(service);
  const tokens = new BootstrapTokenStore({ secrets, clock });
  const machineA = testMachine({ name: 'node-a', uid: 'uid-a', addresses: [{ type: 'InternalIP', address: '10.0.1.5' }, { type: 'InternalDNS', address: 'node-a.internal' }] });
  const machineB = testMachine({ name: 'node-b', uid: 'uid-b' });
  machines.add(cluster, machineA);
  machines.add(cluster, machineB);
  const join = (token: string, csr: string) => httpsRequest(`${service.url}/v1/join`, { ca: service.caCertificatePem, token, form: { csr } });
  return { clock, secrets, machines, cluster, service, tokens, machineA, machineB, join };
}

function nodeCsr(commonName: string, options: { organizations?: string[]; dnsNames?: string[]; ipAddresses?: string[]; keys?: { privateKey: KeyObject; publicKey: KeyObject } } = {}) {
  const keys = options.keys ?? generateKeyPair();
  return createCertificateRequest({
    ...keys,
    subject: { commonName, organizations: options.organizations ?? ['system:nodes'] },
    ...(options.dnsNames ? { dnsNames: options.dnsNames } : {}),
    ...(options.ipAddresses ? { ipAddresses: options.ipAddresses } : {}),
  });
}

function opensslCsr(arguments_: string[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'slipway-csr-'));
  execFileSync('openssl', ['req', '-new', ...arguments_, '-keyout', join(directory, 'key'), '-nodes', '-out', join(directory, 'csr')], { stdio: 'ignore' });
  return readFileSync(join(directory, 'csr'), 'utf8');
}

describe('the node-authorization service', () => {
  it.each(['template', 'library'] as const)('grants a valid join (%s issuance): a kubelet certificate for the token\'s Machine, verifiable against the cluster CA', async (issuance) => {
    const { join: joinRequest, tokens, cluster, machineA, machines, secrets, clock } = await setUp({ issuance });
    const { token } = await tokens.issue(cluster, machineA);
    const answer = await joinRequest(token.value, nodeCsr('system:node:node-a', { ipAddresses: ['10.0.1.5'], dnsNames: ['node-a.internal'] }));
    expect(answer.status).toBe(200);
    const grant = decodeJoinGrant(answer.body);
    expect(grant['node-name']).toBe('node-a');
    expect(grant['role']).toBe('worker');
    expect(grant['api-server']).toBe('10.0.0.10:6443');
    expect(grant['pki/ca.key']).toBeUndefined();
    const certificate = new X509Certificate(grant['kubelet-client.crt'] ?? '');
    const pki = await ensureClusterPki(secrets, cluster, clock);
    expect(certificate.verify(pki.clusterCa.certificate.publicKey)).toBe(true);
    expect(certificate.subject).toBe('O=system:nodes\nCN=system:node:node-a');
    expect(Date.parse(certificate.validTo) - clock.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
    expect(machines.bootstrapStatus('uid-a').phase).toBe('CertificatesObtained');
  });

  it('hands the shared control-plane PKI to control planes, and the addons to the init machine only', async () => {
    const { join: joinRequest, tokens, cluster, machines, secrets, clock } = await setUp();
    await storeClusterAddons(secrets, cluster, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: addons\n');
    const first = testMachine({ name: 'cp-0', uid: 'uid-cp-0', controlPlane: true });
    const second = testMachine({ name: 'cp-1', uid: 'uid-cp-1', controlPlane: true });
    machines.add(cluster, first);
    machines.add(cluster, second);
    expect(await claimControlPlaneInitialization(secrets, cluster, first)).toBe(true);
    expect(await claimControlPlaneInitialization(secrets, cluster, second)).toBe(false);
    const pki = await ensureClusterPki(secrets, cluster, clock);

    const init = decodeJoinGrant((await joinRequest((await tokens.issue(cluster, first)).token.value, nodeCsr('system:node:cp-0'))).body);
    const joining = decodeJoinGrant((await joinRequest((await tokens.issue(cluster, second)).token.value, nodeCsr('system:node:cp-1'))).body);

    expect([init['role'], joining['role']]).toEqual(['init', 'control-plane']);
    for (const grant of [init, joining]) {
      expect(grant['pki/ca.key']).toBe(pki.clusterCa.privateKeyPem);
      expect(grant['pki/etcd-ca.key']).toBe(pki.etcdCa.privateKeyPem);
      expect(grant['pki/front-proxy-ca.crt']).toBe(pki.frontProxyCa.certificatePem);
      expect(grant['pki/sa.key']).toBe(pki.serviceAccount.privateKeyPem);
    }
    expect(init['addons.yaml']).toContain('name: addons');
    expect(joining['addons.yaml']).toBeUndefined();
  });

  it('still hands over the certificate when recording it on the Machine fails, since the token is already spent', async () => {
    const { join: joinRequest, tokens, cluster, machineA, machines } = await setUp();
    const { token } = await tokens.issue(cluster, machineA);
    machines.statusUpdateFailure = new Error('store unavailable');
    const answer = await joinRequest(token.value, nodeCsr('system:node:node-a'));
    expect(answer.status).toBe(200);
    expect(decodeJoinGrant(answer.body)['kubelet-client.crt']).toContain('BEGIN CERTIFICATE');
  });

  it('refuses a replayed token', async () => {
    const { join: joinRequest, tokens, cluster, machineA, machines } = await setUp();
    const { token } = await tokens.issue(cluster, machineA);
    expect((await joinRequest(token.value, nodeCsr('system:node:node-a'))).status).toBe(200);

    const replay = await joinRequest(token.value, nodeCsr('system:node:node-a'));

    expect(replay.status).toBe(401);
    expect(replay.body).toMatch(/^TokenAlreadyUsed: /);
    expect(replay.body).not.toContain(token.secret);
    expect(machines.eventsOf('uid-a').map((event) => event.reason)).toContain('JoinTokenAlreadyUsed');
  });

  it('refuses an expired token, and says so on the Machine', async () => {
    const { join: joinRequest, tokens, cluster, machineA, machines, clock } = await setUp();
    const { token } = await tokens.issue(cluster, machineA);
    clock.advance(15 * 60 * 1000);

    const answer = await joinRequest(token.value, nodeCsr('system:node:node-a'));

    expect(answer.status).toBe(401);
    expect(answer.body).toMatch(/^TokenExpired: bootstrap token [a-z0-9]{6} expired at /);
    expect(machines.eventsOf('uid-a').at(-1)).toMatchObject({ type: 'Warning', reason: 'JoinTokenExpired' });
  });

  it('refuses the token of machine A with a CSR naming node B, and the token survives for A', async () => {
    const { join: joinRequest, tokens, cluster, machineA, machines } = await setUp();
    const { token } = await tokens.issue(cluster, machineA);

    const stolen = await joinRequest(token.value, nodeCsr('system:node:node-b'));

    expect(stolen.status).toBe(403);
    expect(stolen.body).toMatch(/^CertificateRequestSubjectMismatch: the CSR subject CN must be exactly system:node:node-a/);
    expect(machines.eventsOf('uid-b')).toEqual([]);
    expect(machines.bootstrapStatus('uid-b')).toEqual({});
    expect((await joinRequest(token.value, nodeCsr('system:node:node-a'))).status).toBe(200);
  });

  it('refuses every fuzzed CSR (wrong CN, wrong O, extra names, weak keys, bad signatures, mangled DER)', async () => {
    const { join: joinRequest, tokens, cluster, machineA } = await setUp();
    const { token } = await tokens.issue(cluster, machineA);
    const valid = nodeCsr('system:node:node-a');
    const validDer = fromPem('CERTIFICATE REQUEST', valid) ?? Buffer.alloc(0);
    const otherKey = generateKeyPair();
    const named: Array<[string, string, string]> = [
      ['CN of another node', nodeCsr('system:node:node-b'), 'CertificateRequestSubjectMismatch'],
      ['CN without the system:node: prefix', nodeCsr('node-a'), 'CertificateRequestSubjectMismatch'],
      ['CN in another case', nodeCsr('system:node:Node-A'), 'CertificateRequestSubjectMismatch'],
      ['CN of an admin', nodeCsr('kubernetes-admin'), 'CertificateRequestSubjectMismatch'],
      ['O system:masters', nodeCsr('system:node:node-a', { organizations: ['system:masters'] }), 'CertificateRequestSubjectMismatch'],
      ['O system:nodes plus system:masters', nodeCsr('system:node:node-a', { organizations: ['system:nodes', 'system:masters'] }), 'CertificateRequestSubjectMismatch'],
      ['no O at all', nodeCsr('system:node:node-a', { organizations: [] }), 'CertificateRequestSubjectMismatch'],
      ['an extra OU (openssl)', opensslCsr(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-subj', '/O=system:nodes/OU=ops/CN=system:node:node-a']), 'CertificateRequestSubjectMismatch'],
      ['two CNs (openssl)', opensslCsr(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-subj', '/O=system:nodes/CN=system:node:node-a/CN=system:node:node-b']), 'CertificateRequestSubjectMismatch'],
      ['a DNS name that is not the machine\'s', nodeCsr('system:node:node-a', { dnsNames: ['kubernetes.default.svc'] }), 'CertificateRequestNamesNotAllowed'],
      ['an IP address that is not the machine\'s', nodeCsr('system:node:node-a', { ipAddresses: ['10.96.0.1'] }), 'CertificateRequestNamesNotAllowed'],
      ['node B\'s address', nodeCsr('system:node:node-a', { ipAddresses: ['10.0.1.5', '10.0.1.6'] }), 'CertificateRequestNamesNotAllowed'],
      ['an e-mail name (openssl)', opensslCsr(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-subj', '/O=system:nodes/CN=system:node:node-a', '-addext', 'subjectAltName=email:root@example.com']), 'CertificateRequestNamesNotAllowed'],
      ['a URI name (openssl)', opensslCsr(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-subj', '/O=system:nodes/CN=system:node:node-a', '-addext', 'subjectAltName=URI:spiffe://cluster/ns/kube-system']), 'CertificateRequestNamesNotAllowed'],
      ['a 1024-bit RSA key', nodeCsr('system:node:node-a', { keys: generateKeyPairSync('rsa', { modulusLength: 1024 }) }), 'CertificateRequestKeyRejected'],
      ['a P-224 key', nodeCsr('system:node:node-a', { keys: generateKeyPairSync('ec', { namedCurve: 'secp224r1' }) }), 'CertificateRequestKeyRejected'],
      ['a secp256k1 key', nodeCsr('system:node:node-a', { keys: generateKeyPairSync('ec', { namedCurve: 'secp256k1' }) }), 'CertificateRequestKeyRejected'],
      ['an Ed25519 key (openssl)', opensslCsr(['-newkey', 'ed25519', '-subj', '/O=system:nodes/CN=system:node:node-a']), 'CertificateRequestInvalid'],
      ['a SHA-1 signature (openssl)', opensslCsr(['-newkey', 'rsa:2048', '-sha1', '-subj', '/O=system:nodes/CN=system:node:node-a']), 'CertificateRequestInvalid'],
      [
        'a signature by another key',
        toPem('CERTIFICATE REQUEST', Buffer.concat([validDer.subarray(0, validDer.length - 72), (fromPem('CERTIFICATE REQUEST', nodeCsr('system:node:node-a', { keys: otherKey })) ?? Buffer.alloc(0)).subarray(-72)])),
        'CertificateRequestInvalid',
      ],
      ['not PEM at all', 'hello', 'CertificateRequestInvalid'],
      ['an empty PEM block', '-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n', 'CertificateRequestInvalid'],
      ['a certificate instead of a CSR', '-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n', 'CertificateRequestInvalid'],
    ];
    // Mangled DER: one byte changed at a spread of positions through the request.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const mangled: Array<[string, string, string | undefined]> = Array.from({ length: 60 }, (_unused, index) => {
      const copy = Buffer.from(validDer);
      const position = Math.floor((index / 60) * copy.length);
      copy[position] = ((copy[position] ?? 0) ^ (1 + Math.floor(random() * 254))) & 0xff;
      return [`byte ${position} changed`, toPem('CERTIFICATE REQUEST', copy), undefined];
    });

    const outcomes: string[] = [];
    for (const [label, csr, expectedCode] of [...named, ...mangled]) {
      const answer = await joinRequest(token.value, csr);
      outcomes.push(`${label}: ${answer.status}`);
      expect(answer.status, label).not.toBe(200);
      if (expectedCode) expect(answer.body.split(':')[0], label).toBe(expectedCode);
    }
    expect(outcomes).toHaveLength(named.length + 60);
    // Refusals never spend the token: the genuine request still succeeds.
    expect((await joinRequest(token.value, valid)).status).toBe(200);
  });

  it('refuses machines that are gone, being deleted or already registered', async () => {
    const { join: joinRequest, tokens, cluster, machineA, machineB, machines } = await setUp();
    const { token: tokenA } = await tokens.issue(cluster, machineA);
    const { token: tokenB } = await tokens.issue(cluster, machineB);
    machines.remove('uid-a');
    machines.add(cluster, { ...machineB, metadata: { ...machineB.metadata, deletionTimestamp: '2026-11-24T12:00:00Z' } });
    const machineC = testMachine({ name: 'node-c', uid: 'uid-c' });
    machines.add(cluster, { ...machineC, status: { bootstrap: { phase: 'NodeRegistered' } } });
    const { token: tokenC } = await tokens.issue(cluster, machineC);

    const gone = await joinRequest(tokenA.value, nodeCsr('system:node:node-a'));
    const deleting = await joinRequest(tokenB.value, nodeCsr('system:node:node-b'));
    const registered = await joinRequest(tokenC.value, nodeCsr('system:node:node-c'));

    expect([gone.status, gone.body.split(':')[0]]).toEqual([403, 'MachineNotFound']);
    expect([deleting.status, deleting.body.split(':')[0]]).toEqual([403, 'MachineNotProvisioning']);
    expect([registered.status, registered.body]).toEqual([403, 'MachineNotProvisioning: Machine node-c already registered its node\n']);
  });

  it('turns agents away while the cluster has no PKI, without spending their token', async () => {
    const { join: joinRequest, tokens, cluster, machineA, secrets, clock } = await setUp({ withPki: false });
    const { token } = await tokens.issue(cluster, machineA);
    const early = await joinRequest(token.value, nodeCsr('system:node:node-a'));
    expect([early.status, early.body.split(':')[0]]).toEqual([503, 'ClusterPkiMissing']);
    await ensureClusterPki(secrets, cluster, clock);
    expect((await joinRequest(token.value, nodeCsr('system:node:node-a'))).status).toBe(200);
  });

  it('rate-limits CA fetches per source address with 429 and Retry-After', async () => {
    const { service, clock } = await setUp({ caRateLimit: { ratePerSecond: 1, burst: 2 } });
    const fetchCa = () => httpsRequest(`${service.url}/v1/ca`, { ca: service.caCertificatePem });
    expect((await fetchCa()).status).toBe(200);
    expect((await fetchCa()).status).toBe(200);
    const limited = await fetchCa();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    clock.advance(1000);
    expect((await fetchCa()).status).toBe(200);
  });

  it('accepts reports only with the Machine\'s own token (before the certificate) or the report credential issued with the join', async () => {
    const { join: joinRequest, tokens, cluster, machineA, machineB, service, machines } = await setUp();
    const { token: tokenA } = await tokens.issue(cluster, machineA);
    const { token: tokenB } = await tokens.issue(cluster, machineB);
    const report = (form: Record<string, string | string[]>, token: string) => httpsRequest(`${service.url}/v1/report`, { ca: service.caCertificatePem, form, token });
    const received = { report: 'UserDataReceived succeeded 2026-11-24T12:00:01Z' };

    expect((await report({ ...received, 'machine-uid': 'uid-b' }, tokenA.value)).status).toBe(401);
    expect((await report({ ...received, 'machine-uid': 'uid-a' }, tokenA.value)).status).toBe(204);
    expect(machines.bootstrapStatus('uid-a').phases).toEqual([{ phase: 'UserDataReceived', timestamp: '2026-11-24T12:00:01Z' }]);

    const granted = decodeJoinGrant((await joinRequest(tokenA.value, nodeCsr('system:node:node-a'))).body);
    const credential = granted['report-credential'] ?? '';
    expect(credential).toMatch(/^report\.[A-Za-z0-9_-]{43}$/);
    const failed = {
      report: ['KubeletStarted succeeded 2026-11-24T12:00:50Z', 'NodeRegistered failed 2026-11-24T12:01:00Z'],
      'exit-code': '2',
      'log-tail': `line one\nkubeadm join --token ${tokenB.value}\n`,
    };

    const forB = await report({ ...failed, 'machine-uid': 'uid-b' }, credential);
    expect([forB.status, forB.body.split(':')[0]]).toEqual([401, 'ReportUnauthorized']);
    expect((await report({ ...failed, 'machine-uid': 'uid-a' }, credential)).status).toBe(204);
    expect(machines.bootstrapStatus('uid-a').failure).toEqual({ phase: 'NodeRegistered', exitCode: 2, logTail: ['line one', 'kubeadm join --token <redacted-token>'], timestamp: '2026-11-24T12:01:00Z' });
    expect(machines.bootstrapStatus('uid-a').phase).toBe('KubeletStarted');
    // A used token no longer opens anything, reports included.
    expect((await report({ ...received, 'machine-uid': 'uid-a' }, tokenA.value)).status).toBe(401);
    expect((await report({ report: 'Nonsense succeeded 2026-11-24T12:00:01Z', 'machine-uid': 'uid-b' }, tokenB.value)).status).toBe(400);
    expect((await report({ report: ['NodeRegistered failed 2026-11-24T12:00:01Z', 'KubeletStarted succeeded 2026-11-24T12:00:01Z'], 'machine-uid': 'uid-a' }, credential)).status).toBe(400);
  });

  it('runs as several processes on one port and one store: one CA, every join answered once', async () => {
    const secrets = new LatentSecretStore(2);
    const machines = new InMemoryMachineRegistry();
    const cluster = testCluster();
    await ensureClusterPki(secrets, cluster, Date);
    const first = await startNodeAuthorizationService({ secrets, machines, reusePort: true });
    services.push(first);
    const port = Number(new URL(first.url).port);
    const second = await startNodeAuthorizationService({ secrets, machines, reusePort: true, port });
    services.push(second);
    expect(second.url).toBe(first.url);
    expect(second.caHash).toBe(first.caHash);
    const tokens = new BootstrapTokenStore({ secrets, clock: Date });
    const issued = [];
    for (let index = 0; index < 12; index += 1) {
      const machine = testMachine({ name: `replica-${index}`, uid: `uid-replica-${index}` });
      machines.add(cluster, machine);
      issued.push({ index, token: (await tokens.issue(cluster, machine)).token.value });
    }
    // Each token twice, with two keys, through whichever process the kernel picks.
    const answers = await Promise.all(
      issued.flatMap(({ index, token }) =>
        [0, 1].map(() => httpsRequest(`${first.url}/v1/join`, { ca: first.caCertificatePem, token, form: { csr: nodeCsr(`system:node:replica-${index}`) } })),
      ),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(12);
    // Every connection reached one of the two (the kernel spreads them; how is its business).
    expect(first.connections.admitted + second.connections.admitted).toBe(24);
  });

  it('refuses a bad rate limit before writing anything', async () => {
    const secrets = new InMemorySecretStore();
    await expect(startNodeAuthorizationService({ secrets, machines: new InMemoryMachineRegistry(), rateLimit: { ratePerSecond: 0, burst: 5 } })).rejects.toThrow(
      'rateLimit.ratePerSecond must be above 0',
    );
    expect(secrets.secrets.size).toBe(0);
  });

  it('never echoes a malformed or unknown token', async () => {
    const { join: joinRequest } = await setUp();
    const unknown = await joinRequest('abcdef.0123456789abcdef', nodeCsr('system:node:node-a'));
    expect([unknown.status, unknown.body]).toEqual([401, 'TokenInvalid: bootstrap token abcdef is unknown or its secret does not match\n']);
    const malformed = await joinRequest('SECRET-PASSWORD', nodeCsr('system:node:node-a'));
    expect(malformed.status).toBe(401);
    expect(malformed.body).not.toContain('SECRET-PASSWORD');
  });
});
