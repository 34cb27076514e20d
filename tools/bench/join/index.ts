/**
 * Join benchmark: what one node-authorization service sustains on this
 * machine. Three parts:
 *  1. per-operation costs: certificate issuance through the X.509 library vs
 *     the DER-template fast path, CSR reading through the library vs the fast
 *     reader, and a bare node:crypto P-256 signature;
 *  2. the authorizer alone (token check, Machine lookup, CSR policy,
 *     issuance, status write), 1,000 joins in flight at once, no network;
 *  3. 1,000 agents joining over HTTPS on loopback from a separate process,
 *     once as a burst (all at once) and once arriving at a steady rate, for
 *     each issuance path (the join call alone);
 *  4. 1,000 whole machines behind one address (all from 127.0.0.1, as behind
 *     a NAT gateway), with the service's default limits: CA fetch, join and
 *     the one report, each on a new TLS connection, retrying what is
 *     transient as the agent does. Service CPU per machine covers all three.
 * Setup (keys, CSRs, tokens, Machines) is done before any clock starts.
 *
 *   node --conditions=@slipway/source --import tsx tools/bench/join/index.ts [agents] [parts]
 *   parts: comma-separated from costs,authorizer,https,calls,machines (default: all)
 */
import { spawn } from 'node:child_process';
import { sign } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  BootstrapTokenStore,
  CertificateTemplate,
  createCertificateRequest,
  ensureClusterPki,
  generateKeyPair,
  issueCertificate,
  NodeAuthorizer,
  parseCertificateRequest,
  readCertificateRequest,
  startNodeAuthorizationService,
  type CertificateIssuance,
} from '@slipway/bootstrap';
import { testCluster, testMachine } from '../../../packages/bootstrap/src/test-support/fixtures.js';
import { InMemoryMachineRegistry } from '../../../packages/bootstrap/src/test-support/in-memory-machine-registry.js';
import { InMemorySecretStore } from '../../../packages/bootstrap/src/test-support/in-memory-secret-store.js';

const agentCount = Number(process.argv[2] ?? 1000);
const parts = new Set((process.argv[3] ?? 'costs,authorizer,https,calls,machines').split(','));

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

function timePerOperation(iterations: number, operation: () => unknown): number {
  for (let index = 0; index < Math.min(50, iterations); index += 1) operation();
  const started = performance.now();
  for (let index = 0; index < iterations; index += 1) operation();
  return ((performance.now() - started) * 1000) / iterations;
}

async function fixture(count: number) {
  const secrets = new InMemorySecretStore();
  const machines = new InMemoryMachineRegistry();
  const cluster = testCluster();
  const clock = { now: () => Date.now() };
  const pki = await ensureClusterPki(secrets, cluster, clock);
  const tokens = new BootstrapTokenStore({ secrets, clock });
  const agents: Array<{ token: string; csr: string; machineUid: string }> = [];
  for (let index = 0; index < count; index += 1) {
    const machine = testMachine({ name: `node-${index}`, uid: `uid-${index}` });
    machines.add(cluster, machine);
    const { token } = await tokens.issue(cluster, machine);
    agents.push({ machineUid: `uid-${index}`, token: token.value, csr: createCertificateRequest({ ...generateKeyPair(), subject: { commonName: `system:node:node-${index}`, organizations: ['system:nodes'] } }) });
  }
  return { secrets, machines, cluster, clock, pki, tokens, agents };
}

function runAgents(plan: { url: string; ca: string; agents: Array<{ token: string; csr: string; machineUid: string }>; arrival: 'burst' | number; mode: 'join' | 'handshake' | 'machine' | 'ca' }) {
  return new Promise<{ wallMilliseconds: number; results: Array<{ status: number; milliseconds: number }>; retries: number }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@slipway/source', '--import', 'tsx', fileURLToPath(new URL('./agents.ts', import.meta.url))], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    child.stdin.end(JSON.stringify(plan));
  });
}

/**
 * One table row. `serviceCpu` is the CPU time this process (the service side)
 * spent during the run: on a shared machine it says what a join costs better
 * than wall time does, and 1e6 / (µs per join) is what one free core would sustain.
 */
function describeRun(label: string, wallMilliseconds: number, latencies: number[], failures: number, serviceCpu: NodeJS.CpuUsage): string {
  const sorted = [...latencies].sort((left, right) => left - right);
  const cpuPerJoin = (serviceCpu.user + serviceCpu.system) / latencies.length;
  return `| ${label} | ${((latencies.length / wallMilliseconds) * 1000).toFixed(0)} | ${percentile(sorted, 0.5).toFixed(1)} | ${percentile(sorted, 0.99).toFixed(1)} | ${failures} | ${cpuPerJoin.toFixed(0)} | ${(1e6 / cpuPerJoin).toFixed(0)} |`;
}

const tableHeader = '| run | joins/s | p50 ms | p99 ms | refused | service CPU µs/join | joins/s per free core |\n|---|---|---|---|---|---|---|';

async function main(): Promise<void> {
  console.log(`# join benchmark, ${agentCount} agents, Node ${process.version}\n`);

  // Part 1: per-operation costs.
  if (parts.has('costs')) await perOperationCosts();
  if (parts.has('authorizer')) await authorizerAlone();
  if (parts.has('https')) await joinOverHttps();
  if (parts.has('calls')) await costPerCall();
  if (parts.has('machines')) await wholeMachinesBehindOneAddress();
}

/**
 * Service CPU per call of each kind a machine makes, at a steady arrival
 * (no queueing), limits out of the way: where a machine's service CPU goes.
 */
async function costPerCall(): Promise<void> {
  console.log(`\n## Service CPU per call, ${agentCount} calls of each kind arriving at 100/s\n\n${tableHeader}`);
  for (const mode of ['ca', 'handshake', 'join', 'machine'] as const) {
    const setup = await fixture(agentCount);
    const service = await startNodeAuthorizationService({
      secrets: setup.secrets,
      machines: setup.machines,
      clock: setup.clock,
      rateLimit: { ratePerSecond: 1e6, burst: 1e6 },
      caRateLimit: { ratePerSecond: 1e6, burst: 1e6 },
      connectionLimits: { maximumPerAddress: 1e6, ratePerSecond: 1e6, burst: 1e6 },
      listenBacklog: 4096,
    });
    const cpuBefore = process.cpuUsage();
    const outcome = await runAgents({ url: service.url, ca: service.caCertificatePem, agents: setup.agents, arrival: 100, mode });
    const serviceCpu = process.cpuUsage(cpuBefore);
    await service.stop();
    const label = { ca: 'GET /v1/ca, plain HTTP', handshake: 'TLS handshake + GET /healthz', join: 'TLS + POST /v1/join', machine: 'whole machine: CA (plain) + join (TLS) + report (TLS)' }[mode];
    console.log(describeRun(label, outcome.wallMilliseconds, outcome.results.map((result) => result.milliseconds), outcome.results.filter((result) => result.status !== 200).length, serviceCpu));
  }
}

async function perOperationCosts(): Promise<void> {
  const { pki, agents: sampleAgents } = await fixture(1);
  const keyPair = generateKeyPair();
  const subjectPublicKeyInfoDer = keyPair.publicKey.export({ type: 'spki', format: 'der' });
  const now = Date.now();
  const fields = { subject: { commonName: 'system:node:node-0', organizations: ['system:nodes'] }, subjectPublicKeyInfoDer, notBefore: new Date(now), notAfter: new Date(now + 86_400_000) };
  const profile = { keyUsage: ['digitalSignature' as const], extendedKeyUsage: ['clientAuth' as const] };
  const template = new CertificateTemplate(pki.clusterCa.issuer, profile);
  const csr = sampleAgents[0]?.csr ?? '';
  const tbs = template.encodeTbsCertificate(fields);
  const costs: Array<[string, number]> = [
    ['node:crypto P-256 signature (sha256) alone', timePerOperation(2000, () => sign('sha256', tbs, pki.clusterCa.privateKey))],
    ['certificate, library path (encode everything, sign)', timePerOperation(300, () => issueCertificate({ issuer: pki.clusterCa.issuer, subjectPublicKeyInfoDer, profile: { ...profile, ...fields } }))],
    ['certificate, template fast path (stitch, sign)', timePerOperation(2000, () => template.issue(fields))],
    ['CSR read + verify, library (@peculiar/asn1-csr)', timePerOperation(500, () => parseCertificateRequest(csr))],
    ['CSR read + verify, fast DER reader', timePerOperation(2000, () => readCertificateRequest(csr))],
  ];
  console.log('## Per-operation cost (one core)\n\n| operation | µs per op | per second |\n|---|---|---|');
  for (const [label, microseconds] of costs) console.log(`| ${label} | ${microseconds.toFixed(1)} | ${(1e6 / microseconds).toFixed(0)} |`);

}

async function authorizerAlone(): Promise<void> {
  console.log(`\n## Authorizer alone (no network, no TLS)\n\n${tableHeader}`);
  const authorizerRuns: Array<{ issuance: CertificateIssuance; arrival: 'burst' | number }> = [
    { issuance: 'library', arrival: 'burst' },
    { issuance: 'template', arrival: 'burst' },
    { issuance: 'library', arrival: 500 },
    { issuance: 'template', arrival: 2000 },
  ];
  for (const { issuance, arrival } of authorizerRuns) {
    const setup = await fixture(agentCount);
    const authorizer = new NodeAuthorizer({ secrets: setup.secrets, machines: setup.machines, tokens: setup.tokens, clock: setup.clock, issuance });
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const latencies: number[] = [];
    let failures = 0;
    const joinOne = async (agent: { token: string; csr: string }): Promise<void> => {
      const begin = performance.now();
      try {
        await authorizer.join({ token: agent.token, certificateRequestPem: agent.csr, sourceAddress: '127.0.0.1' });
      } catch {
        failures += 1;
      }
      latencies.push(performance.now() - begin);
    };
    const pending: Array<Promise<void>> = [];
    if (arrival === 'burst') {
      for (const agent of setup.agents) pending.push(joinOne(agent));
    } else {
      // Open loop: agents arrive on a fixed schedule whether or not earlier joins finished.
      for (const [index, agent] of setup.agents.entries()) {
        const wait = started + (index * 1000) / arrival - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        pending.push(joinOne(agent));
      }
    }
    await Promise.all(pending);
    const label = `${issuance}, ${arrival === 'burst' ? `all ${agentCount} in flight at once` : `${arrival}/s arrival`}`;
    console.log(describeRun(label, performance.now() - started, latencies, failures, process.cpuUsage(cpuBefore)));
  }

}

async function joinOverHttps(): Promise<void> {
  console.log(`\n## Over HTTPS on loopback, agents in a separate process, one TLS connection each\n\n${tableHeader}`);
  const runs: Array<{ mode: 'join' | 'handshake'; issuance: CertificateIssuance; arrival: 'burst' | number }> = [
    { mode: 'handshake', issuance: 'template', arrival: 'burst' },
    ...(['library', 'template'] as const).flatMap((issuance) => (['burst', 500, 1000] as const).map((arrival) => ({ mode: 'join' as const, issuance, arrival }))),
  ];
  for (const { mode, issuance, arrival } of runs) {
    {
      const setup = await fixture(agentCount);
      const service = await startNodeAuthorizationService({
        secrets: setup.secrets,
        machines: setup.machines,
        clock: setup.clock,
        issuance,
        // Every agent comes from 127.0.0.1 here; a real fleet spreads over many addresses.
        rateLimit: { ratePerSecond: 1e6, burst: 1e6 },
        caRateLimit: { ratePerSecond: 1e6, burst: 1e6 },
        connectionLimits: { maximumPerAddress: 1e6, ratePerSecond: 1e6, burst: 1e6 },
        listenBacklog: 4096,
      });
      const cpuBefore = process.cpuUsage();
      const outcome = await runAgents({ url: service.url, ca: service.caCertificatePem, agents: setup.agents, arrival, mode });
      const serviceCpu = process.cpuUsage(cpuBefore);
      await service.stop();
      const failures = outcome.results.filter((result) => result.status !== 200).length;
      const label = `${mode === 'handshake' ? 'TLS handshake + GET /healthz only (ceiling)' : `join, ${issuance}`}, ${arrival === 'burst' ? `burst of ${agentCount}` : `${arrival}/s arrival`}`;
      console.log(describeRun(label, outcome.wallMilliseconds, outcome.results.map((result) => result.milliseconds), failures, serviceCpu));
    }
  }
}

async function wholeMachinesBehindOneAddress(): Promise<void> {
  console.log(
    `\n## Whole machines (CA fetch, join, one report; three TLS connections each) behind one address, default service settings\n\n| run | machines/s | p50 ms | p99 ms | not joined | service CPU µs/machine | machines/s per free core | retries (429 or refused connection) |\n|---|---|---|---|---|---|---|---|`,
  );
  for (const arrival of ['burst', 200] as const) {
    const setup = await fixture(agentCount);
    const service = await startNodeAuthorizationService({ secrets: setup.secrets, machines: setup.machines, clock: setup.clock, listenBacklog: 4096 });
    const cpuBefore = process.cpuUsage();
    const outcome = await runAgents({ url: service.url, ca: service.caCertificatePem, agents: setup.agents, arrival, mode: 'machine' });
    const serviceCpu = process.cpuUsage(cpuBefore);
    await service.stop();
    const failures = outcome.results.filter((result) => result.status !== 200).length;
    const registered = [...setup.machines.machines.keys()].filter((uid) => setup.machines.bootstrapStatus(uid).phase === 'NodeRegistered').length;
    const label = `${agentCount} machines, ${arrival === 'burst' ? 'all at once' : `${arrival}/s arrival`} (${registered} NodeRegistered)`;
    console.log(`${describeRun(label, outcome.wallMilliseconds, outcome.results.map((result) => result.milliseconds), failures, serviceCpu)} ${outcome.retries} |`);
  }
}

void main();
