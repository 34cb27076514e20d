import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBootstrapHook } from './bootstrap-hook.js';
import { defaultConnectionLimits } from './service/connection-guard.js';
import { startNodeAuthorizationService, type NodeAuthorizationService } from './service/node-authorization-service.js';
import { createAgentSandbox, runAgent, writeUserDataFiles } from './test-support/agent-sandbox.js';
import { testCluster, testMachine } from './test-support/fixtures.js';
import { InMemoryMachineRegistry } from './test-support/in-memory-machine-registry.js';
import { InMemorySecretStore } from './test-support/in-memory-secret-store.js';

/**
 * A fleet behind one NAT address (everything comes from 127.0.0.1 here),
 * run with the real agent and its default retry settings. 1,000 real agents
 * (each some thirty curl and openssl processes) do not fit a CI run on two
 * cores, so this is the same shape scaled down: the per-address limits that
 * a fleet shares are scaled by fleet / 1,000 from their defaults, the
 * per-Machine limit stays as it is (each machine has its own). The full
 * 1,000 with the default limits is measured in tools/bench/join.
 */
const fleet = 24;
const scale = fleet / 1000;

const services: NodeAuthorizationService[] = [];
afterEach(async () => {
  while (services.length > 0) await services.pop()?.stop();
});

describe('a fleet behind one address', () => {
  it(`joins all ${fleet} agents with the default limits scaled to the fleet (as 1,000 would with the defaults)`, async () => {
    const secrets = new InMemorySecretStore();
    const machines = new InMemoryMachineRegistry();
    const service = await startNodeAuthorizationService({
      secrets,
      machines,
      caRateLimit: { ratePerSecond: 100 * scale, burst: 1000 * scale },
      connectionLimits: {
        maximumPerAddress: Math.max(1, Math.round(defaultConnectionLimits.maximumPerAddress * scale)),
        ratePerSecond: defaultConnectionLimits.ratePerSecond * scale,
        burst: defaultConnectionLimits.burst * scale,
      },
    });
    services.push(service);
    const hook = createBootstrapHook({ secrets, machines, serviceUrl: service.url, caHash: service.caHash });
    const cluster = testCluster();
    const signal = new AbortController().signal;
    await hook.ensureClusterPki({ cluster }, { signal });
    const sandboxes = [];
    for (let index = 0; index < fleet; index += 1) {
      const machine = testMachine({ name: `nat-${index}`, uid: `uid-nat-${index}` });
      machines.add(cluster, machine);
      const sandbox = createAgentSandbox();
      writeUserDataFiles((await hook.bootstrapData({ cluster, machine }, { signal })).userData, sandbox.root);
      sandboxes.push(sandbox);
    }

    // Default agent settings: no shortened backoff, no attempt cap.
    const runs = await Promise.all(sandboxes.map((sandbox) => runAgent(sandbox, { SLIPWAY_AGENT_BACKOFF_SECONDS: '2', SLIPWAY_AGENT_ATTEMPTS: '0' }, ['/bin/sh'], 170_000)));

    expect(runs.map((run) => run.exitCode)).toEqual(runs.map(() => 0));
    for (let index = 0; index < fleet; index += 1) expect(machines.bootstrapStatus(`uid-nat-${index}`).phase).toBe('NodeRegistered');
    expect(sandboxes.every((sandbox) => existsSync(join(sandbox.root, 'run/cluster-api/bootstrap-success.complete')))).toBe(true);
  }, 180_000);
});
