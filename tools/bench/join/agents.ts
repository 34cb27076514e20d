/**
 * The agent side of the join benchmark, run in its own process so the
 * service and the agents do not share one event loop: each agent opens its
 * own TLS connection (as separate machines would) and POSTs its token and CSR,
 * or goes through a whole machine's three calls.
 * Reads a plan as JSON on stdin, prints per-join latencies as JSON.
 */
import { request as plainRequest } from 'node:http';
import { request } from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';

let context: SecureContext;

interface Plan {
  url: string;
  ca: string;
  agents: Array<{ token: string; csr: string; machineUid: string }>;
  /** 'burst': every agent at once; a number: agents started at that many per second. */
  arrival: 'burst' | number;
  /**
   * 'join' posts token and CSR; 'handshake' only opens TLS and GETs /healthz (the transport's ceiling);
   * 'machine' is a whole machine as the agent script does it: CA fetch, join, one report of the
   * later phases, each on a new TLS connection, retrying what is transient with the agent's policy.
   */
  mode: 'join' | 'handshake' | 'machine' | 'ca';
}

interface Answer {
  status: number;
  body: string;
  retryAfterSeconds: number | undefined;
}

/** One HTTPS call on its own connection; status 0 when there was no answer (refused at accept, reset). */
function call(plan: Plan, path: string, options: { token?: string; form?: URLSearchParams; plain?: boolean } = {}): Promise<Answer> {
  const body = options.form?.toString();
  return new Promise((resolve) => {
    // The CA answer is fetched untrusted, in plain HTTP, as the agent script does.
    const outgoing = (options.plain ? plainRequest : request)(
      options.plain ? `${plan.url.replace(/^https:/, 'http:')}${path}` : `${plan.url}${path}`,
      {
        method: body === undefined ? 'GET' : 'POST',
        secureContext: context,
        agent: false,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const retryAfter = Number(response.headers['retry-after']);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined });
        });
      },
    );
    outgoing.on('error', () => resolve({ status: 0, body: '', retryAfterSeconds: undefined }));
    outgoing.end(body);
  });
}

let retries = 0;

/** The agent script's policy: the longer of a doubling backoff (2 s start, 60 s cap) and Retry-After, plus up to as much again at random. */
async function callWithRetries(plan: Plan, path: string, options: { token?: string; form?: URLSearchParams; plain?: boolean } = {}): Promise<Answer> {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await call(plan, path, options);
    if (answer.status !== 0 && answer.status !== 429 && answer.status < 500) return answer;
    if (attempt >= 200) return answer;
    retries += 1;
    const backoff = Math.min(60, 2 * 2 ** (attempt - 1));
    const base = Math.max(backoff, Math.min(300, answer.retryAfterSeconds ?? 0)) * 1000;
    await new Promise((resolve) => setTimeout(resolve, base + Math.random() * base));
  }
}

async function wholeMachine(plan: Plan, agent: { token: string; csr: string; machineUid: string }): Promise<{ status: number; milliseconds: number }> {
  const started = performance.now();
  const ca = await callWithRetries(plan, '/v1/ca', { plain: true });
  if (ca.status !== 200) return { status: ca.status, milliseconds: performance.now() - started };
  const joined = await callWithRetries(plan, '/v1/join', { token: agent.token, form: new URLSearchParams({ csr: agent.csr, 'received-at': new Date().toISOString().replace(/\.\d+Z$/, 'Z') }) });
  if (joined.status !== 200) return { status: joined.status, milliseconds: performance.now() - started };
  const credential = /^report-credential (\S+)$/m.exec(joined.body)?.[1];
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const form = new URLSearchParams({ 'machine-uid': agent.machineUid, 'exit-code': '0', 'log-tail': '' });
  for (const phase of ['KubeadmCompleted', 'KubeletStarted', 'NodeRegistered']) form.append('report', `${phase} succeeded ${now}`);
  const reported = await callWithRetries(plan, '/v1/report', { token: Buffer.from(credential ?? '', 'base64').toString('utf8'), form });
  return { status: reported.status === 204 ? 200 : reported.status, milliseconds: performance.now() - started };
}

function joinOnce(plan: Plan, agent: { token: string; csr: string; machineUid: string }): Promise<{ status: number; milliseconds: number }> {
  if (plan.mode === 'machine') return wholeMachine(plan, agent);
  if (plan.mode === 'ca') {
    const started = performance.now();
    return call(plan, '/v1/ca', { plain: true }).then((answer) => ({ status: answer.status, milliseconds: performance.now() - started }));
  }
  const started = performance.now();
  const body = plan.mode === 'join' ? new URLSearchParams({ csr: agent.csr }).toString() : undefined;
  return new Promise((resolve) => {
    const outgoing = request(
      `${plan.url}${plan.mode === 'join' ? '/v1/join' : '/healthz'}`,
      {
        method: plan.mode === 'join' ? 'POST' : 'GET',
        secureContext: context,
        agent: false,
        headers: plan.mode === 'join' ? { authorization: `Bearer ${agent.token}`, 'content-type': 'application/x-www-form-urlencoded' } : {},
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, milliseconds: performance.now() - started }));
      },
    );
    outgoing.on('error', () => resolve({ status: 0, milliseconds: performance.now() - started }));
    outgoing.end(body);
  });
}

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const plan = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Plan;
  // One trust store for all agents: parsing the CA per request would bill the agents' side twice.
  context = createSecureContext({ ca: plan.ca });
  const started = performance.now();
  const pending: Array<Promise<{ status: number; milliseconds: number }>> = [];
  if (plan.arrival === 'burst') {
    for (const agent of plan.agents) pending.push(joinOnce(plan, agent));
  } else {
    const intervalMs = 1000 / plan.arrival;
    for (const [index, agent] of plan.agents.entries()) {
      const due = started + index * intervalMs;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(joinOnce(plan, agent));
    }
  }
  const results = await Promise.all(pending);
  process.stdout.write(JSON.stringify({ wallMilliseconds: performance.now() - started, results, retries }));
}

void main();
