/**
 * Metal API burst benchmark: 200 Machines (3 control-plane, 197 workers)
 * created at once by the Packet provider on the Metal emulator, with the Metal
 * bucket (a burst of 20, then 5 requests a second) enforced by the emulator and
 * by the provider's client-side limiter on the same sped-up clock. A
 * controller-like loop asks `exists` for every created Machine once per
 * describe interval while the burst runs; then every Machine is deleted.
 * Prints API calls per machine by operation, listings per machine per interval,
 * the throttling answers the emulator sent and the errors the provider
 * surfaced, and the burst time against the limit's floor.
 *
 *   node --conditions=@slipway/source --import tsx tools/bench/packet-burst/index.ts [machines] [virtual | speed]
 *
 * Time: by default the clock is virtual (manual, advanced in 250 ms steps
 * whenever no request is in flight), so the figures measure the provider's
 * pacing alone. With a number it is a scaled clock (×N real time), where a
 * stall of this machine lets paced requests arrive bunched and shows how the
 * provider copes (retries after 429, nothing surfaced).
 */
import { randomUUID } from 'node:crypto';
import { createEmulatorRuntime } from '@slipway/cloud-emulator';
import { createMetalThrottlingPolicy, metalRequestLimits, startMetalEmulator } from '@slipway/cloud-emulator/packet';
import { clusterSchema, type ActuatorContextV1, type Cluster } from '@slipway/core';
import { createPacketActuator } from '@slipway/provider-packet';
import { burstMachines, createInBurst, deleteInBurst, driveVirtualTime } from '../shared/machine-burst.js';

const machines = Number(process.argv[2] ?? 200);
const clockArgument = process.argv[3] ?? 'virtual';
const virtualTime = clockArgument === 'virtual';
const speed = virtualTime ? 1 : Number(clockArgument);
const virtualStepMs = 250;
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
    clock: virtualTime ? { mode: 'manual' } : { mode: 'scaled', speed },
    throttlingPolicy: createMetalThrottlingPolicy(),
    lifecycle: { bootDelayMilliseconds: 300_000, terminationDelayMilliseconds: 60_000 },
  });
  const emulator = await startMetalEmulator({ runtime });
  const clock = runtime.clock;
  const actuators = createPacketActuator({ baseUrl: emulator.baseUrl, token: emulator.token, projectId: emulator.projectId, clock, describeIntervalMs, environment: {} });
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const context = (): ActuatorContextV1 => ({ signal: new AbortController().signal, logger, clock });

  // The cluster's infrastructure first (the control plane's reserved address), as the Cluster controller does.
  let cluster: Cluster = clusterSchema.parse({
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'burst', namespace: 'default', uid: randomUUID() },
    spec: { providerSpec: { value: { apiVersion: 'packetprovider/v1alpha1', kind: 'PacketClusterProviderSpec', metro: 'da' } } },
  });
  const drive = <T>(work: Promise<T>): Promise<T> => (virtualTime ? driveVirtualTime(emulator, work, virtualStepMs) : work);
  const reconciled = await drive(actuators.cluster.reconcile({ cluster }, context()));
  cluster = { ...cluster, status: { apiEndpoints: reconciled.apiEndpoints, providerStatus: reconciled.providerStatus ?? {} } };
  const clusterCalls = runtime.callLog.count();

  const machineList = burstMachines({
    count: machines,
    controlPlaneMachines,
    clusterName: 'burst',
    kubernetesVersion: '1.31.0',
    providerSpec: { apiVersion: 'packetprovider/v1alpha1', kind: 'PacketMachineProviderSpec', metro: 'da', plan: 'c3.small.x86', operatingSystem: 'ubuntu_24_04' },
  });

  // Only the machine lifecycle counts from here on; the emulator enforces the Metal bucket.
  runtime.callLog.clear();
  runtime.faults.throttle(true);
  const subject = { cluster, actuator: actuators.machine, clock, context, drive };
  const creation = await createInBurst(subject, machineList, describeIntervalMs);
  const { created, intervals, existsAnswers, emulatedMs: createMs, realMs: createRealMs } = creation;
  const createCalls = runtime.callLog.countsByAction();
  const throttledDuringCreate = runtime.callLog.countByOutcome('throttled');
  const holder = runtime.inspect.resources({ kind: 'ip-assignment' })[0]?.ownerId;

  const deletion = await deleteInBurst(subject, created);
  const surfaced = [...creation.surfaced, ...deletion.surfaced];
  const deleteCalls = minus(runtime.callLog.countsByAction(), createCalls);
  const throttled = runtime.callLog.countByOutcome('throttled');
  runtime.faults.throttle(false);
  const clusterDeleted = await drive(actuators.cluster.delete({ cluster }, context()));
  const statistics = actuators.statistics();

  const limits = metalRequestLimits;
  const createTotal = sum(createCalls);
  const floorMs = (Math.max(0, createTotal - limits.capacity) / limits.refillPerSecond) * 1000;
  const listingsByCluster = intervals;

  console.log(`Metal API burst: ${machines} machines (${controlPlaneMachines} control plane) in metro da, ${virtualTime ? 'virtual clock' : `emulator clock x${speed}`}, describe interval ${describeIntervalMs / 1000} s`);
  console.log(`cluster infrastructure (one reserved public IPv4): ${clusterCalls} calls before the burst\n`);
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
  console.log(`exists: ${existsAnswers} answers over ${listingsByCluster} describe intervals (one shared, paged listing of the cluster per interval)`);
  console.log(`throttling answers sent by the emulator: ${throttled} (${throttledDuringCreate} during the burst); errors surfaced by the provider: ${surfaced.length} (target 0)`);
  console.log(`provider statistics: throttled answers ${statistics.throttledAnswers}, retries ${JSON.stringify(statistics.retriesByCode)}, limiter waits ${JSON.stringify(statistics.limiterWaits)}`);
  console.log(`control-plane address held by a control-plane device: ${holder !== undefined && created.some((machine) => machine.spec.versions.controlPlane !== undefined && machine.spec.providerID?.endsWith(holder))}`);
  console.log(`burst: ${(createMs / 1000).toFixed(1)} s emulated (${(createRealMs / 1000).toFixed(1)} s real); request-limit floor ${(floorMs / 1000).toFixed(1)} s`);
  console.log(`delete: ${deletion.gone}/${created.length} gone in ${(deletion.emulatedMs / 1000).toFixed(1)} s emulated; cluster infrastructure gone: ${clusterDeleted.gone}`);
  await drive(clock.sleep(60_000));
  console.log(`devices left: ${runtime.inspect.instances().length}, reservations left: ${runtime.inspect.resources({ kind: 'ip-reservation' }).length}`);
  for (const message of surfaced.slice(0, 5)) console.log(`  surfaced: ${message}`);
  await actuators.close();
  await emulator.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
