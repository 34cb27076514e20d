/**
 * Compute Engine burst benchmark: 1,000 Machines (3 control-plane, 997 workers)
 * created at once by the GCP provider on the Compute emulator, with Compute's
 * published per-project limit (1,500 requests a minute) enforced by the
 * emulator and the provider's client-side limiter on the same sped-up clock.
 * A controller-like loop asks `exists` for every created Machine once per
 * describe interval while the burst runs; then every Machine is deleted.
 * Prints API calls per machine by method, operation waits per insert, instance
 * listings per machine per interval, the throttling errors the cloud sent and
 * the errors the provider surfaced, and the burst time against the limit's floor.
 *
 *   node --conditions=@slipway/source --import tsx tools/bench/gcp-burst/index.ts [machines] [clock speed]
 */
import { randomUUID } from 'node:crypto';
import { createEmulatorRuntime } from '@slipway/cloud-emulator';
import { createGceThrottlingPolicy, gcePublishedRequestLimits, startGceEmulator } from '@slipway/cloud-emulator/gcp';
import { clusterSchema, type ActuatorContextV1, type Cluster } from '@slipway/core';
import { createGcpActuator } from '@slipway/provider-gcp';
import { burstMachines, createInBurst, deleteInBurst } from '../shared/machine-burst.js';

const machines = Number(process.argv[2] ?? 1_000);
const speed = Number(process.argv[3] ?? 50);
const controlPlaneMachines = 3;
const describeIntervalMs = 10_000;
const zones = ['us-central1-a', 'us-central1-b', 'us-central1-c'];

function formatRow(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function sum(counts: Record<string, number>, keep: (method: string) => boolean = () => true): number {
  return Object.entries(counts).filter(([method]) => keep(method)).reduce((total, [, count]) => total + count, 0);
}

function minus(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([method, count]) => [method, count - (before[method] ?? 0)]).filter(([, count]) => (count as number) > 0));
}

async function main(): Promise<void> {
  const runtime = createEmulatorRuntime({
    clock: { mode: 'scaled', speed },
    throttlingPolicy: createGceThrottlingPolicy(),
    lifecycle: { bootDelayMilliseconds: 30_000, terminationDelayMilliseconds: 30_000 },
  });
  const emulator = await startGceEmulator({ runtime });
  const clock = runtime.clock;
  const actuators = createGcpActuator({ apiEndpoint: emulator.endpoint, projectId: emulator.project, clock, describeIntervalMs, environment: {} });
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const context = (): ActuatorContextV1 => ({ signal: new AbortController().signal, logger, clock });

  // The cluster's infrastructure first, as the Cluster controller does.
  let cluster: Cluster = clusterSchema.parse({
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'burst', namespace: 'default', uid: randomUUID() },
    spec: { providerSpec: { value: { apiVersion: 'gcpprovider/v1alpha1', kind: 'GcpClusterProviderSpec', region: 'us-central1' } } },
  });
  const reconciled = await actuators.cluster.reconcile({ cluster }, context());
  cluster = { ...cluster, status: { apiEndpoints: reconciled.apiEndpoints, providerStatus: reconciled.providerStatus ?? {} } };
  const clusterCalls = runtime.callLog.count();

  const machineList = burstMachines({
    count: machines,
    controlPlaneMachines,
    clusterName: 'burst',
    kubernetesVersion: '1.31.0',
    providerSpec: (index) => ({
      apiVersion: 'gcpprovider/v1alpha1',
      kind: 'GcpMachineProviderSpec',
      zone: zones[index % zones.length],
      machineType: 'e2-standard-2',
      image: { family: 'ubuntu-2404-lts-amd64', project: 'ubuntu-os-cloud' },
    }),
  });

  // Only the machine lifecycle counts from here on; the emulator enforces Compute's limit.
  runtime.callLog.clear();
  runtime.faults.throttle(true);
  const subject = { cluster, actuator: actuators.machine, clock, context };
  const creation = await createInBurst(subject, machineList, describeIntervalMs);
  const { created, intervals, existsAnswers, emulatedMs: createMs, realMs: createRealMs } = creation;
  const createCalls = runtime.callLog.countsByAction();
  const throttledDuringCreate = runtime.callLog.countByOutcome('throttled');

  const deletion = await deleteInBurst(subject, created);
  const surfaced = [...creation.surfaced, ...deletion.surfaced];
  const deleteMs = deletion.emulatedMs;
  const allCalls = runtime.callLog.countsByAction();
  const deleteCalls = minus(allCalls, createCalls);
  const throttled = runtime.callLog.countByOutcome('throttled');
  runtime.faults.throttle(false);
  const clusterDeleted = await actuators.cluster.delete({ cluster }, context());

  const limits = gcePublishedRequestLimits;
  const createTotal = sum(createCalls);
  const floorMs = (Math.max(0, createTotal - limits.capacity) / limits.refillPerSecond) * 1000;
  const inserts = createCalls['compute.instances.insert'] ?? 0;
  const waits = createCalls['compute.zoneOperations.wait'] ?? 0;
  const lists = createCalls['compute.instances.list'] ?? 0;

  console.log(`Compute Engine burst: ${machines} machines (${controlPlaneMachines} control plane) over ${zones.length} zones, emulator clock x${speed}, describe interval ${describeIntervalMs / 1000} s`);
  console.log(`cluster infrastructure (managed network, 2 firewall rules, address + target pool + forwarding rule): ${clusterCalls} calls before the burst\n`);
  console.log(formatRow(['method', 'create phase', 'per machine', 'delete phase', 'per machine']));
  console.log(formatRow(['---', '---', '---', '---', '---']));
  const methods = [...new Set([...Object.keys(createCalls), ...Object.keys(deleteCalls)])].sort();
  for (const method of methods) {
    const create = createCalls[method] ?? 0;
    const remove = deleteCalls[method] ?? 0;
    console.log(formatRow([method, create, (create / machines).toFixed(3), remove, (remove / machines).toFixed(3)]));
  }
  console.log(formatRow(['**all**', createTotal, (createTotal / machines).toFixed(3), sum(deleteCalls), (sum(deleteCalls) / machines).toFixed(3)]));
  console.log('');
  console.log(`operation waits per insert: ${(waits / Math.max(1, inserts)).toFixed(3)} (zoneOperations.get polls: ${createCalls['compute.zoneOperations.get'] ?? 0})`);
  console.log(`instances.list during the burst: ${lists} over ${intervals} intervals and ${zones.length} zones, ${existsAnswers} exists answers: ${(lists / Math.max(1, intervals) / machines).toFixed(5)} per machine per interval`);
  console.log(`throttling errors sent by the emulator: ${throttled} (${throttledDuringCreate} during the burst); errors surfaced by the provider: ${surfaced.length} (target 0); provider retries: ${actuators.api.retryCount()} ${JSON.stringify(actuators.api.retriesByCode())}`);
  console.log(`burst: ${(createMs / 1000).toFixed(1)} s emulated (${(createRealMs / 1000).toFixed(1)} s real); request-limit floor ${(floorMs / 1000).toFixed(1)} s + one 30 s insert operation`);
  console.log(`delete: ${deletion.gone}/${created.length} gone, boot disks verified, in ${(deleteMs / 1000).toFixed(1)} s emulated; cluster infrastructure gone: ${clusterDeleted.gone}`);
  console.log(`instances left: ${runtime.inspect.instances().length}, disks left: ${runtime.inspect.resources({ kind: 'disk' }).length}`);
  for (const message of surfaced.slice(0, 5)) console.log(`  surfaced: ${message}`);
  await actuators.close();
  await emulator.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
