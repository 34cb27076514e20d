/**
 * Azure burst benchmark: 500 Machines (3 control-plane, 497 workers) created at
 * once by the Azure provider through the real arm-compute/arm-network SDKs on
 * the Resource Manager emulator over HTTPS, with ARM's published read and write
 * buckets enforced by the emulator and the provider's client-side buckets
 * running on the same sped-up clock. A controller-like loop asks `exists` for
 * every created Machine once per describe interval while the burst runs; then
 * every Machine is deleted. Prints calls per machine by operation for each
 * phase, polls per long-running operation, VM listings per machine per
 * interval, and the throttling errors the cloud sent and the provider surfaced.
 *
 *   node --conditions=@slipway/source --import tsx tools/bench/azure-burst/index.ts [machines] [speed]
 *
 * Time runs on the emulator clock, `speed` times real time (default 10). The
 * SDKs wait in real time (poll intervals, Retry-After), so the provider's poll
 * interval is set to Azure's default of 2 s of emulated time.
 */
import { randomUUID } from 'node:crypto';
import { azureResourceManagerLimits, startAzureResourceManagerEmulator } from '@slipway/cloud-emulator/azure';
import { clusterSchema, type ActuatorContextV1, type Cluster } from '@slipway/core';
import { createAzureActuator } from '@slipway/provider-azure';
import { burstMachines, createInBurst, deleteInBurst } from '../shared/machine-burst.js';

const machines = Number(process.argv[2] ?? 500);
const speed = Number(process.argv[3] ?? 10);
const controlPlaneMachines = 3;
const describeIntervalMs = 10_000;
const azurePollIntervalMs = 2_000;

const credential = { getToken: async () => ({ token: 'bench-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

function formatRow(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([action, count]) => [action, count - (before[action] ?? 0)]).filter(([, count]) => (count as number) > 0));
}

function sum(counts: Record<string, number>, pattern: RegExp): number {
  return Object.entries(counts)
    .filter(([action]) => pattern.test(action))
    .reduce((total, [, count]) => total + count, 0);
}

async function main(): Promise<void> {
  const emulator = await startAzureResourceManagerEmulator({
    clock: { speed },
    lifecycle: { bootDelayMilliseconds: 60_000, terminationDelayMilliseconds: 30_000 },
    networkOperationMilliseconds: 2_000,
  });
  const clock = emulator.clock;
  const actuators = createAzureActuator({
    subscriptionId: emulator.subscriptionId,
    endpoint: emulator.endpoint,
    certificateAuthority: emulator.certificateAuthority,
    credential,
    clock,
    describeIntervalMs,
    pollIntervalMs: azurePollIntervalMs / speed,
    retryBaseDelayMs: 800 / speed,
  });
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const context = (): ActuatorContextV1 => ({ signal: new AbortController().signal, logger, clock });

  // The cluster's infrastructure first, as the Cluster controller does.
  const cluster: Cluster = clusterSchema.parse({
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'burst', namespace: 'default', uid: randomUUID() },
    spec: { providerSpec: { value: { location: 'westeurope', resourceGroup: { name: 'burst-rg' } } } },
  });
  await actuators.cluster.reconcile({ cluster }, context());
  const clusterCalls = emulator.callLog.count();

  const machineList = burstMachines({
    count: machines,
    controlPlaneMachines,
    clusterName: 'burst',
    kubernetesVersion: '1.30.0',
    providerSpec: {
      apiVersion: 'azureprovider/v1alpha1',
      kind: 'AzureMachineProviderSpec',
      vmSize: 'Standard_D2s_v5',
      image: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' },
    },
  });

  // Only the machine lifecycle counts from here on; the emulator enforces ARM's buckets.
  emulator.callLog.clear();
  emulator.faults.throttle(true);
  const subject = { cluster, actuator: actuators.machine, clock, context };
  const creation = await createInBurst(subject, machineList, describeIntervalMs);
  const { created, intervals, existsAnswers, emulatedMs: createMs, realMs: createRealMs } = creation;
  const createCounts = emulator.callLog.countsByAction();
  const throttledDuringCreate = emulator.callLog.countByOutcome('throttled');

  const deletion = await deleteInBurst(subject, created);
  const surfaced = [...creation.surfaced, ...deletion.surfaced];
  const deleteMs = deletion.emulatedMs;
  const allCounts = emulator.callLog.countsByAction();
  const deleteCounts = difference(allCounts, createCounts);
  const throttled = emulator.callLog.countByOutcome('throttled');
  emulator.faults.throttle(false);
  // What the machines had: VMs, OS disks (untagged, owned by their VM), interfaces; the cluster's own public IP stays.
  const left = emulator.inspect
    .resources()
    .filter((resource) => ['instance', 'disk', 'network-interface'].includes(resource.kind) || resource.tags['slipway-machine-uid'] !== undefined);
  const statistics = actuators.statistics();

  const actions = [...new Set([...Object.keys(createCounts), ...Object.keys(deleteCounts)])].sort();
  const createTotal = Object.values(createCounts).reduce((total, count) => total + count, 0);
  const deleteTotal = Object.values(deleteCounts).reduce((total, count) => total + count, 0);
  const nicWrites = createCounts['Microsoft.Network/networkInterfaces/write'] ?? 0;
  const createPolls = sum(createCounts, /operations\/read$|operationResults\/read$/);
  const vmDeletes = deleteCounts['Microsoft.Compute/virtualMachines/delete'] ?? 0;
  const deletePolls = sum(deleteCounts, /operations\/read$|operationResults\/read$/);
  const listings = createCounts['Microsoft.Compute/virtualMachines/list'] ?? 0;
  const writesFloorMs = ((2 * machines - azureResourceManagerLimits.writes.capacity) / azureResourceManagerLimits.writes.refillPerSecond) * 1000;

  console.log(`Azure burst: ${machines} machines (${controlPlaneMachines} control plane), emulator clock x${speed}, describe interval ${describeIntervalMs / 1000} s`);
  console.log(`cluster infrastructure (resource group, 2 NSGs, virtual network with 2 subnets, public IP, load balancer): ${clusterCalls} calls before the burst\n`);
  console.log(formatRow(['operation', 'create phase', 'per machine', 'delete phase', 'per machine']));
  console.log(formatRow(['---', '---', '---', '---', '---']));
  for (const action of actions) {
    const create = createCounts[action] ?? 0;
    const remove = deleteCounts[action] ?? 0;
    console.log(formatRow([action, create, (create / machines).toFixed(3), remove, (remove / machines).toFixed(3)]));
  }
  console.log(formatRow(['**all**', createTotal, (createTotal / machines).toFixed(3), deleteTotal, (deleteTotal / machines).toFixed(3)]));
  console.log('');
  console.log(`polls per long-running operation: create ${(createPolls / Math.max(1, nicWrites)).toFixed(2)} (${createPolls} status polls for ${nicWrites} network-interface writes; VM writes are not waited on), delete ${(deletePolls / Math.max(1, vmDeletes)).toFixed(2)} (${deletePolls} Location polls for ${vmDeletes} VM deletes)`);
  console.log(`VM listings during the burst: ${listings} over ${intervals} intervals, ${existsAnswers} exists answers: ${(listings / Math.max(1, intervals) / machines).toFixed(5)} per machine per interval (target < 0.1)`);
  console.log(`throttling errors sent by the emulator: ${throttled} (${throttledDuringCreate} during the burst); 429s heard by the provider: ${statistics.throttledAnswers}; errors surfaced by the provider: ${surfaced.length} (target 0)`);
  console.log(`client-side bucket waits: ${JSON.stringify(statistics.limiterWaits)}`);
  console.log(`create: ${(createMs / 1000).toFixed(1)} s emulated (${(createRealMs / 1000).toFixed(1)} s real); write-bucket floor for ${2 * machines} writes ${(writesFloorMs / 1000).toFixed(1)} s`);
  console.log(`delete: ${deletion.gone}/${created.length} gone in ${(deleteMs / 1000).toFixed(1)} s emulated; machine resources left: ${left.length}`);
  for (const message of surfaced.slice(0, 5)) console.log(`  surfaced: ${message}`);
  await emulator.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
