/**
 * The agent side of the join benchmark, run in its own process so the
 * service and the agents do not share one event loop: each agent opens its
 * own TLS connection (as separate machines would) and POSTs its token and CSR.
 * Reads a plan as JSON on stdin, prints per-join latencies as JSON.
 */
import { request } from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';

let context: SecureContext;

interface Plan {
  url: string;
  ca: string;
  agents: Array<{ token: string; csr: string }>;
  /** 'burst': every agent at once; a number: agents started at that many per second. */
  arrival: 'burst' | number;
  /** 'join' posts token and CSR; 'handshake' only opens TLS and GETs /healthz (the transport's ceiling). */
  mode: 'join' | 'handshake';
}

function joinOnce(plan: Plan, agent: { token: string; csr: string }): Promise<{ status: number; milliseconds: number }> {
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
  process.stdout.write(JSON.stringify({ wallMilliseconds: performance.now() - started, results }));
}

void main();
