import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createBootstrapHook } from './bootstrap-hook.js';
import { createCertificateRequest } from './pki/create-certificate-request.js';
import { generateKeyPair } from './pki/key-pair.js';
import { decodeJoinGrant } from './service/join-grant-encoding.js';
import { startNodeAuthorizationService, type NodeAuthorizationService, type NodeAuthorizationServiceOptions } from './service/node-authorization-service.js';
import { BootstrapTokenStore } from './tokens/bootstrap-token-store.js';
import { createAgentSandbox, runAgent, writeUserDataFiles, type AgentSandbox } from './test-support/agent-sandbox.js';
import { testCluster, testMachine } from './test-support/fixtures.js';
import { httpsRequest } from './test-support/https-client.js';
import { InMemoryMachineRegistry } from './test-support/in-memory-machine-registry.js';
import { InMemorySecretStore } from './test-support/in-memory-secret-store.js';
import { LatentSecretStore } from './test-support/latent-secret-store.js';
import { startRogueService, type RogueService } from './test-support/rogue-service.js';
import type { SecretStorePort } from './ports/secret-store-port.js';

/**
 * One regression test per finding of the attack run on the node-authorization
 * service and its agent (issue 15), each through the public HTTPS interface
 * and, where the agent takes part, the real agent script under dash and
 * bash --posix. docs/bootstrap-protocol.md's threat model names them.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const shells = [
  ['dash', ['/bin/dash']],
  ['bash --posix', ['/bin/bash', '--posix']],
] as const;

async function setUp(options: { secrets?: SecretStorePort; service?: Partial<NodeAuthorizationServiceOptions> } = {}) {
  const secrets = options.secrets ?? new InMemorySecretStore();
  const machines = new InMemoryMachineRegistry();
  const service: NodeAuthorizationService = await startNodeAuthorizationService({ secrets, machines, ...options.service });
  cleanups.push(() => service.stop());
  const hook = createBootstrapHook({ secrets, machines, serviceUrl: service.url, caHash: service.caHash });
  const cluster = testCluster();
  const signal = new AbortController().signal;
  await hook.ensureClusterPki({ cluster }, { signal });
  const tokens = new BootstrapTokenStore({ secrets, clock: Date });
  return { secrets, machines, service, hook, cluster, signal, tokens };
}

async function sandboxFor(context: Awaited<ReturnType<typeof setUp>>, machine: ReturnType<typeof testMachine>, rewrite: (userData: string) => string = (text) => text): Promise<AgentSandbox> {
  context.machines.add(context.cluster, machine);
  const { userData } = await context.hook.bootstrapData({ cluster: context.cluster, machine }, { signal: context.signal });
  const sandbox = createAgentSandbox();
  writeUserDataFiles(rewrite(userData), sandbox.root);
  return sandbox;
}

function pointedAt(url: string): (userData: string) => string {
  return (userData) => userData.replace(/SLIPWAY_SERVICE_URL='[^']*'/, `SLIPWAY_SERVICE_URL='${url}'`);
}

async function rogue(options: Parameters<typeof startRogueService>[0]): Promise<RogueService> {
  const service = await startRogueService(options);
  cleanups.push(() => service.stop());
  return service;
}

function nodeCsr(name: string): string {
  return createCertificateRequest({ ...generateKeyPair(), subject: { commonName: `system:node:${name}`, organizations: ['system:nodes'] } });
}

/** A CSR whose key openssl encodes in a non-canonical form: `explicit` curve parameters or a `compressed` point. */
function opensslCsr(form: 'explicit' | 'compressed', name: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'slipway-key-'));
  const key = join(directory, 'key');
  execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key], { stdio: 'ignore' });
  const converted = join(directory, 'converted');
  execFileSync('openssl', ['ec', '-in', key, ...(form === 'explicit' ? ['-param_enc', 'explicit'] : ['-conv_form', 'compressed']), '-out', converted], { stdio: 'ignore' });
  execFileSync('openssl', ['req', '-new', '-key', converted, '-subj', `/O=system:nodes/CN=system:node:${name}`, '-out', join(directory, 'csr')], { stdio: 'ignore' });
  return readFileSync(join(directory, 'csr'), 'utf8');
}

/** The length of the SubjectPublicKeyInfo in a CSR, as openssl reads it (91 bytes for a canonical P-256 key). */
function subjectPublicKeyInfoLength(csr: string): number {
  const directory = mkdtempSync(join(tmpdir(), 'slipway-key-'));
  writeFileSync(join(directory, 'csr'), csr);
  const parsed = execFileSync('openssl', ['asn1parse', '-in', join(directory, 'csr')], { encoding: 'utf8' });
  // The SubjectPublicKeyInfo is the third element (depth 2) of the request info.
  const lines = parsed.split('\n').filter((line) => /d=2 /.test(line));
  const match = /hl=(\d+) l=\s*(\d+)/.exec(lines[2] ?? '');
  return match ? Number(match[1]) + Number(match[2]) : 0;
}

describe('1. CA pin bypass: the agent trusts exactly the pinned certificate', () => {
  it.each(shells)('refuses a CA answer with the attacker\'s CA appended to the real one, and never presents its token (%s)', async (_name, shell) => {
    const context = await setUp();
    const attacker = await rogue({ caAnswer: (rogueCa) => context.service.caCertificatePem + rogueCa });
    const sandbox = await sandboxFor(context, testMachine({ name: 'victim-1', uid: 'uid-victim-1', controlPlane: true }), pointedAt(attacker.url));

    const run = await runAgent(sandbox, {}, shell);

    expect(run.exitCode).toBe(3);
    expect(run.log).toContain('its CA answer holds 2 certificates, not exactly the pinned one');
    expect(attacker.authorizations).toEqual([]);
    expect(attacker.paths).toEqual(['/v1/ca']);
    expect(existsSync(join(sandbox.root, 'etc/kubernetes/pki/ca.key'))).toBe(false);
  });

  it.each(shells)('sends nothing to a service presenting its own certificate, even when it serves the real CA and ~/.curlrc says insecure (%s)', async (_name, shell) => {
    const context = await setUp();
    const attacker = await rogue({ caAnswer: () => context.service.caCertificatePem });
    const sandbox = await sandboxFor(context, testMachine({ name: 'victim-2', uid: 'uid-victim-2' }), pointedAt(attacker.url));
    const home = mkdtempSync(join(tmpdir(), 'slipway-home-'));
    writeFileSync(join(home, '.curlrc'), 'insecure\n');

    const run = await runAgent(sandbox, { HOME: home, SLIPWAY_AGENT_ATTEMPTS: '2' }, shell);

    expect(run.log).toContain('service CA matches the pinned hash');
    expect(attacker.authorizations).toEqual([]);
    expect(attacker.paths).toEqual(['/v1/ca']);
    expect(run.exitCode).toBe(7);
  });
});

describe('2. curl trusts no system store next to the pinned CA', () => {
  // The attacker's CA stands in for a publicly trusted one: it is mounted over
  // /etc/ssl/certs (Debian curl's default CA path) in a private mount namespace.
  const canUnshare = spawnSync('unshare', ['-m', 'true']).status === 0;
  it.skipIf(!canUnshare).each(shells)('refuses a service whose certificate chains to a CA in /etc/ssl/certs (%s)', async (_name, shell) => {
    const context = await setUp();
    const attacker = await rogue({ caAnswer: () => context.service.caCertificatePem });
    const systemStore = mkdtempSync(join(tmpdir(), 'slipway-system-store-'));
    writeFileSync(join(systemStore, 'public-ca.pem'), attacker.authority.certificatePem);
    execFileSync('openssl', ['rehash', systemStore]);
    // Debian's curl also opens the bundle file in that directory by default; --cacert replaces only that file.
    writeFileSync(join(systemStore, 'ca-certificates.crt'), attacker.authority.certificatePem);
    // Without the agent's defence curl would accept it: prove the store works.
    const plainCurl = await new Promise<string>((resolve) => {
      execFile('unshare', ['-m', 'sh', '-c', 'mount --bind "$1" /etc/ssl/certs && curl -q -sS -o /dev/null -w "%{http_code}" "$2/v1/ca"', 'sh', systemStore, attacker.url], (_error, stdout) => resolve(stdout));
    });
    expect(plainCurl).toBe('200');
    const sandbox = await sandboxFor(context, testMachine({ name: 'victim-3', uid: 'uid-victim-3' }), pointedAt(attacker.url));

    const run = await runAgent(sandbox, { SLIPWAY_AGENT_ATTEMPTS: '2' }, ['unshare', '-m', '/bin/sh', '-c', `mount --bind "$1" /etc/ssl/certs && exec ${shell.join(' ')} "$2"`, 'sh', systemStore]);

    expect(run.log).toContain('service CA matches the pinned hash');
    expect(attacker.authorizations).toEqual([]);
    expect(run.exitCode).toBe(7);
  });
});

describe('3. redemption once per Machine, whatever the number of its tokens', () => {
  it('lets one of two agents of one control plane (two renderings, two tokens) through on a store with latency', async () => {
    const context = await setUp({ secrets: new LatentSecretStore(3) });
    const machine = testMachine({ name: 'cp-twice', uid: 'uid-cp-twice', controlPlane: true });
    const first = await sandboxFor(context, machine);
    const second = await sandboxFor(context, machine);

    const runs = await Promise.all([runAgent(first, {}, ['/bin/dash']), runAgent(second, {}, ['/bin/bash', '--posix'])]);

    expect(runs.map((run) => run.exitCode).sort()).toEqual([0, 6]);
    const refused = runs.find((run) => run.exitCode === 6);
    // Refused as used, or as unknown when the winner already registered its node (which revokes every token).
    expect(refused?.log).toMatch(/join refused \(401\): Token(AlreadyUsed|Invalid)/);
    const keysDelivered = [first, second].filter((sandbox) => existsSync(join(sandbox.root, 'etc/kubernetes/pki/ca.key')));
    expect(keysDelivered).toHaveLength(1);
  });

  it('answers concurrent joins with five live tokens of one Machine exactly once over HTTPS', async () => {
    const context = await setUp({ secrets: new LatentSecretStore(3) });
    const machine = testMachine({ name: 'node-five', uid: 'uid-five' });
    context.machines.add(context.cluster, machine);
    const issued = await Promise.all(Array.from({ length: 5 }, () => context.tokens.issue(context.cluster, machine)));
    const answers = await Promise.all(
      issued.map(({ token }) => httpsRequest(`${context.service.url}/v1/join`, { ca: context.service.caCertificatePem, token: token.value, form: { csr: nodeCsr('node-five') } })),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
  });
});

describe('4. phases after the certificate need the credential issued with the join', () => {
  it('refuses NodeRegistered (and every later phase) reported with the bootstrap token alone, and writes nothing', async () => {
    const context = await setUp();
    const machine = testMachine({ name: 'node-four', uid: 'uid-four' });
    context.machines.add(context.cluster, machine);
    const { token } = await context.tokens.issue(context.cluster, machine);
    for (const phase of ['NodeRegistered', 'KubeletStarted', 'KubeadmCompleted', 'CertificatesObtained']) {
      const answer = await httpsRequest(`${context.service.url}/v1/report`, {
        ca: context.service.caCertificatePem,
        token: token.value,
        form: { 'machine-uid': 'uid-four', report: `${phase} succeeded 2026-11-24T12:00:00Z` },
      });
      expect([answer.status, answer.body.split(':')[0]], phase).toEqual([403, 'ReportPhaseNotAllowed']);
    }
    expect(context.machines.bootstrapStatus('uid-four')).toEqual({});
    // The real agent then joins and reports everything with its report credential.
    const sandbox = createAgentSandbox();
    const { userData } = await context.hook.bootstrapData({ cluster: context.cluster, machine }, { signal: context.signal });
    writeUserDataFiles(userData, sandbox.root);
    const run = await runAgent(sandbox);
    expect(run.exitCode).toBe(0);
    expect(context.machines.bootstrapStatus('uid-four').phase).toBe('NodeRegistered');
  });
});

describe('5. one address, many machines: the CA fetch and authenticated calls have their own limits', () => {
  it('serves CA fetches from its own bucket and never lets successes from one address throttle it', async () => {
    const context = await setUp({ service: { rateLimit: { ratePerSecond: 1, burst: 2 }, caRateLimit: { ratePerSecond: 1, burst: 3 } } });
    const fetches = await Promise.all(Array.from({ length: 4 }, () => httpsRequest(`${context.service.url}/v1/ca`, { ca: context.service.caCertificatePem })));
    expect(fetches.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 429]);
    expect(fetches.find((answer) => answer.status === 429)?.headers['retry-after']).toBe('1');
    // Five joins from the same address succeed although the refusal budget is 2: successes do not spend it.
    const joined = [];
    for (let index = 0; index < 5; index += 1) {
      const machine = testMachine({ name: `nat-${index}`, uid: `uid-nat-${index}` });
      context.machines.add(context.cluster, machine);
      const { token } = await context.tokens.issue(context.cluster, machine);
      joined.push((await httpsRequest(`${context.service.url}/v1/join`, { ca: context.service.caCertificatePem, token: token.value, form: { csr: nodeCsr(`nat-${index}`) } })).status);
    }
    expect(joined).toEqual([200, 200, 200, 200, 200]);
    // Refusals do: two bad tokens, then the address waits.
    const bad = async () => (await httpsRequest(`${context.service.url}/v1/join`, { ca: context.service.caCertificatePem, token: 'abcdef.0123456789abcdef', form: { csr: 'x' } })).status;
    expect([await bad(), await bad(), await bad()]).toEqual([401, 401, 429]);
  });

  it('limits authenticated calls per Machine', async () => {
    const context = await setUp({ service: { machineRateLimit: { ratePerSecond: 0.01, burst: 2 } } });
    const machine = testMachine({ name: 'busy', uid: 'uid-busy' });
    context.machines.add(context.cluster, machine);
    const { token } = await context.tokens.issue(context.cluster, machine);
    const statuses = [];
    for (let index = 0; index < 3; index += 1) {
      const answer = await httpsRequest(`${context.service.url}/v1/join`, { ca: context.service.caCertificatePem, token: token.value, form: { csr: nodeCsr('someone-else') } });
      statuses.push(answer.status);
      if (answer.status === 429) expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(statuses).toEqual([403, 403, 429]);
  });
});

describe('6. connection-level limits', () => {
  it('closes connections over the per-address cap at accept time, and unfinished headers after the header timeout', async () => {
    const context = await setUp({ service: { connectionLimits: { maximumPerAddress: 3 }, headersTimeoutMs: 600, requestTimeoutMs: 1_000 } });
    const port = Number(new URL(context.service.url).port);
    const closedWithin = (socket: ReturnType<typeof connectTcp>, milliseconds: number) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), milliseconds);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    // Three TLS connections that send half a request and stop; when each closes is watched from the start.
    const slow = await Promise.all(
      Array.from({ length: 3 }, () =>
        new Promise<{ closed: Promise<boolean> }>((resolve) => {
          const socket = connectTls({ host: '127.0.0.1', port, ca: context.service.caCertificatePem }, () => {
            socket.write('POST /v1/join HTTP/1.1\r\nHost: x\r\n');
            socket.resume();
            resolve({ closed: closedWithin(socket as unknown as ReturnType<typeof connectTcp>, 5_000) });
          });
          socket.on('error', () => undefined);
        }),
      ),
    );
    const fourth = connectTcp({ host: '127.0.0.1', port });
    fourth.on('error', () => undefined);
    expect(await closedWithin(fourth, 2_000)).toBe(true);
    expect(context.service.connections.refused.overLimit).toBeGreaterThanOrEqual(1);
    // The slow ones are cut off by the header timeout, well before Node's default minute.
    expect(await Promise.all(slow.map((connection) => connection.closed))).toEqual([true, true, true]);
    // And then the address may connect again.
    expect((await httpsRequest(`${context.service.url}/healthz`, { ca: context.service.caCertificatePem })).status).toBe(200);
  }, 20_000);
});

describe('7. canonical keys only', () => {
  it.each([
    ['explicit curve parameters', 'explicit'],
    ['a compressed point', 'compressed'],
  ] as const)('refuses a CSR whose key has %s, without spending the token', async (_label, form) => {
    const context = await setUp();
    const machine = testMachine({ name: 'node-seven', uid: 'uid-seven' });
    context.machines.add(context.cluster, machine);
    const { token } = await context.tokens.issue(context.cluster, machine);
    const csr = opensslCsr(form, 'node-seven');
    // The request really carries the odd encoding (a canonical P-256 key is 91 bytes).
    expect(subjectPublicKeyInfoLength(csr)).not.toBe(91);
    expect(subjectPublicKeyInfoLength(nodeCsr('node-seven'))).toBe(91);
    const answer = await httpsRequest(`${context.service.url}/v1/join`, { ca: context.service.caCertificatePem, token: token.value, form: { csr } });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatch(/^CertificateRequestKeyRejected: the CSR key is not in canonical form/);
    expect((await httpsRequest(`${context.service.url}/v1/join`, { ca: context.service.caCertificatePem, token: token.value, form: { csr: nodeCsr('node-seven') } })).status).toBe(200);
  });
});

describe('8. reports authenticate before any lookup or write', () => {
  it('gives one answer for an existing and an unknown Machine UID, and writes nothing on either', async () => {
    const context = await setUp();
    const owner = testMachine({ name: 'owner', uid: 'uid-owner' });
    const victim = testMachine({ name: 'victim', uid: 'uid-victim' });
    context.machines.add(context.cluster, owner);
    context.machines.add(context.cluster, victim);
    const { token } = await context.tokens.issue(context.cluster, owner);
    const attempt = (machineUid: string, bearer: string) =>
      httpsRequest(`${context.service.url}/v1/report`, {
        ca: context.service.caCertificatePem,
        token: bearer,
        form: { 'machine-uid': machineUid, report: 'UserDataReceived failed 2026-11-24T12:00:00Z', 'exit-code': '1', 'log-tail': 'forged' },
      });
    const answers = [
      await attempt('uid-victim', token.value),
      await attempt('uid-nobody', token.value),
      await attempt('uid-victim', 'abcdef.0123456789abcdef'),
      await attempt('uid-nobody', 'abcdef.0123456789abcdef'),
      await attempt('uid-victim', `report.${'A'.repeat(43)}`),
      await attempt('uid-nobody', `report.${'A'.repeat(43)}`),
    ];
    expect(new Set(answers.map((answer) => `${answer.status} ${answer.body}`))).toEqual(new Set(['401 ReportUnauthorized: the credential does not authorize reports for this Machine UID\n']));
    expect(context.machines.eventsOf('uid-victim')).toEqual([]);
    expect(context.machines.bootstrapStatus('uid-victim')).toEqual({});
  });
});

describe('9. transport policy', () => {
  it('offers no CBC or SHA-1 suites under TLS 1.2, and nothing below TLS 1.2', async () => {
    const context = await setUp();
    const port = Number(new URL(context.service.url).port);
    const handshake = (options: { ciphers?: string; minVersion?: 'TLSv1' | 'TLSv1.2'; maxVersion?: 'TLSv1.1' | 'TLSv1.2' }) =>
      new Promise<string>((resolve) => {
        const socket = connectTls({ host: '127.0.0.1', port, ca: context.service.caCertificatePem, ...options }, () => {
          const cipher = socket.getCipher().name;
          socket.destroy();
          resolve(cipher);
        });
        socket.on('error', () => resolve('refused'));
      });
    for (const cipher of ['ECDHE-ECDSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-ECDSA-AES256-SHA384']) {
      expect(await handshake({ ciphers: cipher, maxVersion: 'TLSv1.2' }), cipher).toBe('refused');
    }
    expect(await handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' })).toBe('refused');
    expect(await handshake({ ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256', maxVersion: 'TLSv1.2' })).toBe('ECDHE-ECDSA-AES128-GCM-SHA256');
  });

  it('answers 413 to a 10 MB body (curl, as the agent sends) and 415 to a body that is not a form', async () => {
    const context = await setUp();
    const directory = mkdtempSync(join(tmpdir(), 'slipway-body-'));
    writeFileSync(join(directory, 'body'), Buffer.alloc(10 * 1024 * 1024, 'a'));
    writeFileSync(join(directory, 'ca.crt'), context.service.caCertificatePem);
    const curl = (extra: string[]) =>
      new Promise<string>((resolve) => {
        execFile('curl', ['-q', '-sS', '--cacert', join(directory, 'ca.crt'), '-o', join(directory, 'answer'), '-w', '%{http_code}', ...extra, `${context.service.url}/v1/join`], (_error, stdout) => resolve(stdout));
      });
    expect(await curl(['-H', 'Authorization: Bearer abcdef.0123456789abcdef', '--data-binary', `@${join(directory, 'body')}`])).toBe('413');
    expect(readFileSync(join(directory, 'answer'), 'utf8')).toMatch(/^BodyTooLarge: /);
    // Chunked, so the length is not known up front: still 413, not a reset.
    expect(await curl(['-H', 'Transfer-Encoding: chunked', '-H', 'Expect:', '--data-binary', `@${join(directory, 'body')}`])).toBe('413');
    const notAForm = await httpsRequest(`${context.service.url}/v1/join`, {
      ca: context.service.caCertificatePem,
      token: 'abcdef.0123456789abcdef',
      body: JSON.stringify({ csr: 'x' }),
      headers: { 'content-type': 'application/json' },
    });
    expect([notAForm.status, notAForm.body.split(':')[0]]).toEqual([415, 'UnsupportedMediaType']);
  });
});

describe('more, found on the way', () => {
  it('lets an agent whose join answer was lost repeat its join with the same key, and nobody with another key', async () => {
    const context = await setUp();
    const machine = testMachine({ name: 'lossy', uid: 'uid-lossy' });
    context.machines.add(context.cluster, machine);
    const { token } = await context.tokens.issue(context.cluster, machine);
    const keys = generateKeyPair();
    const csr = createCertificateRequest({ ...keys, subject: { commonName: 'system:node:lossy', organizations: ['system:nodes'] } });
    const join = (request: string) => httpsRequest(`${context.service.url}/v1/join`, { ca: context.service.caCertificatePem, token: token.value, form: { csr: request } });
    const first = await join(csr);
    const again = await join(csr);
    const thief = await join(nodeCsr('lossy'));
    expect([first.status, again.status, thief.status]).toEqual([200, 200, 401]);
    expect(decodeJoinGrant(again.body)['report-credential']).not.toBe(decodeJoinGrant(first.body)['report-credential']);
  });
});
