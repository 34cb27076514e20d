/**
 * OpenStack burst benchmark: 500 Machines (3 control-plane, 497 workers)
 * created at once by the OpenStack provider on the emulated OpenStack, with the
 * emulator enforcing per-service request buckets (createOpenStackThrottlingPolicy:
 * OpenStack publishes none, so a modest private cloud's) and the provider's
 * client-side limiter using the same numbers on the same sped-up clock. The
 * cluster's infrastructure (network, subnet, router, security group, server
 * group, Octavia load balancer, floating IP) is reconciled first. A
 * controller-like loop asks `exists` for every created Machine once per
 * describe interval while the burst runs; then every Machine is deleted.
 * Prints API calls per machine by operation, polls per server build, server
 * listings per machine per interval, the throttling answers the cloud sent,
 * the retries and the errors the provider surfaced.
 *
 *   node --conditions=@slipway/source --import tsx tools/bench/openstack-burst/index.ts [machines] [clock speed]
 */
import { randomUUID } from 'node:crypto';
import { createEmulatorRuntime } from '@slipway/cloud-emulator';
import { createOpenStackThrottlingPolicy, startOpenStackEmulator } from '@slipway/cloud-emulator/openstack';
import { clusterSchema, TransientError, type ActuatorContextV1, type Cluster } from '@slipway/core';
import { createOpenStackActuator } from '@slipway/provider-openstack';
import { burstMachines, createInBurst, deleteInBurst } from '../shared/machine-burst.js';

const machines = Number(process.argv[2] ?? 500);
const speed = Number(process.argv[3] ?? 20);
const controlPlaneMachines = 3;
const describeIntervalMs = 10_000;

function formatRow(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

function minus(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([operation, count]) => [operation, count - (before[operation] ?? 0)]).filter(([, count]) => (count as number) > 0));
}

async function main(): Promise<void> {
  const runtime = createEmulatorRuntime({
    clock: { mode: 'scaled', speed },
    throttlingPolicy: createOpenStackThrottlingPolicy(),
    lifecycle: { bootDelayMilliseconds: 30_000, terminationDelayMilliseconds: 30_000 },
  });
  const emulator = await startOpenStackEmulator({ runtime });
  const clock = runtime.clock;
  const actuators = createOpenStackActuator({ environment: emulator.environmentVariables(), clock, describeIntervalMs });
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const context = (): ActuatorContextV1 => ({ signal: new AbortController().signal, logger, clock });

  // The cluster's infrastructure first, as the Cluster controller does (PENDING_* waited out).
  let cluster: Cluster = clusterSchema.parse({
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'burst', namespace: 'default', uid: randomUUID() },
    // A /22: 1,022 addresses for 500 ports (the default /24 holds 250).
    spec: { providerSpec: { value: { apiVersion: 'openstackprovider/v1alpha1', kind: 'OpenStackClusterProviderSpec', managedNetwork: { cidr: '10.6.0.0/22' } } } },
  });
  let reconciled;
  for (;;) {
    try {
      reconciled = await actuators.cluster.reconcile({ cluster }, context());
      break;
    } catch (error) {
      if (!TransientError.isInstance(error)) throw error;
      await clock.sleep(error.requeueAfterMs ?? 5_000);
    }
  }
  cluster = { ...cluster, status: { apiEndpoints: reconciled.apiEndpoints, providerStatus: reconciled.providerStatus ?? {} } };
  const clusterCalls = runtime.callLog.count();

  const machineList = burstMachines({
    count: machines,
    controlPlaneMachines,
    clusterName: 'burst',
    kubernetesVersion: '1.31.0',
    providerSpec: { apiVersion: 'openstackprovider/v1alpha1', kind: 'OpenStackMachineProviderSpec', flavor: 'm1.medium', image: 'ubuntu-24.04' },
  });

  // Only the machine lifecycle counts from here on; the emulator enforces its buckets.
  runtime.callLog.clear();
  runtime.faults.throttle(true);
  const statisticsBefore = actuators.statistics();
  const subject = { cluster, actuator: actuators.machine, clock, context };
  const creation = await createInBurst(subject, machineList, describeIntervalMs);
  const { created, intervals, existsAnswers, emulatedMs: createMs, realMs: createRealMs } = creation;
  const createCalls = runtime.callLog.countsByAction();
  const throttledDuringCreate = runtime.callLog.countByOutcome('throttled');

  const deletion = await deleteInBurst(subject, created);
  const surfaced = [...creation.surfaced, ...deletion.surfaced];
  const allCalls = runtime.callLog.countsByAction();
  const deleteCalls = minus(allCalls, createCalls);
  const throttled = runtime.callLog.countByOutcome('throttled');
  runtime.faults.throttle(false);
  let clusterDeleted = await actuators.cluster.delete({ cluster }, context());
  for (let attempt = 0; attempt < 20 && !clusterDeleted.gone; attempt += 1) {
    await clock.sleep(clusterDeleted.requeueAfterMs ?? 5_000);
    clusterDeleted = await actuators.cluster.delete({ cluster }, context());
  }
  const statistics = actuators.statistics();
  const retries = minus(statistics.retriesByCode, statisticsBefore.retriesByCode);

  const createTotal = sum(createCalls);
  const serverCreates = createCalls['compute.servers.create'] ?? 0;
  const serverGets = createCalls['compute.servers.get'] ?? 0;
  const lists = createCalls['compute.servers.list'] ?? 0;

  console.log(`OpenStack burst: ${machines} machines (${controlPlaneMachines} control plane), emulator clock x${speed}, describe interval ${describeIntervalMs / 1000} s`);
  console.log(`cluster infrastructure (network, subnet, router, security group + 2 rules, server group, Octavia LB + listener + pool, floating IP): ${clusterCalls} calls before the burst\n`);
  console.log(formatRow(['operation', 'create phase', 'per machine', 'delete phase', 'per machine']));
  console.log(formatRow(['---', '---', '---', '---', '---']));
  const operations = [...new Set([...Object.keys(createCalls), ...Object.keys(deleteCalls)])].sort();
  for (const operation of operations) {
    const create = createCalls[operation] ?? 0;
    const remove = deleteCalls[operation] ?? 0;
    console.log(formatRow([operation, create, (create / machines).toFixed(3), remove, (remove / machines).toFixed(3)]));
  }
  console.log(formatRow(['**all**', createTotal, (createTotal / machines).toFixed(3), sum(deleteCalls), (sum(deleteCalls) / machines).toFixed(3)]));
  console.log('');
  console.log(`polls per server build: ${(serverGets / Math.max(1, serverCreates)).toFixed(3)} GET /servers/{id} per POST /servers (create does not wait for ACTIVE; builds are seen through the shared listing)`);
  console.log(`servers/detail listings: ${lists} during the burst, over ${intervals} intervals and ${existsAnswers} exists answers (the create-time lookups and keep-the-oldest checks included)`);
  console.log(`throttling answers sent by the emulator: ${throttled} (${throttledDuringCreate} during the burst); retried by the provider: ${JSON.stringify(retries)}; errors surfaced: ${surfaced.length} (target 0); client-side limiter waits: ${JSON.stringify(statistics.limiterWaits)}`);
  console.log(`burst: ${(createMs / 1000).toFixed(1)} s emulated (${(createRealMs / 1000).toFixed(1)} s real)`);
  console.log(`delete: ${deletion.gone}/${created.length} gone in ${(deletion.emulatedMs / 1000).toFixed(1)} s emulated; cluster infrastructure gone: ${clusterDeleted.gone}`);
  console.log(`servers left: ${runtime.inspect.instances().filter((instance) => instance.state !== 'terminating').length}, ports left: ${runtime.inspect.resources({ kind: 'port' }).length} (the devstack networks' own: 0 expected)`);
  for (const message of surfaced.slice(0, 5)) console.log(`  surfaced: ${message}`);
  await actuators.close();
  await emulator.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
