/**
 * AWS burst benchmark: 1,000 Machines (3 control-plane, 997 workers) launched
 * at once by the AWS provider on the EC2 emulator, with EC2's published request
 * buckets enforced by the emulator and the provider's client-side buckets
 * running on the same sped-up clock. A controller-like loop asks `exists` for
 * every launched Machine once per describe interval while the burst runs;
 * then every Machine is deleted. Prints API calls per machine lifecycle by
 * action, describes per machine per interval, throttling errors the cloud
 * sent and the provider surfaced, and the launch time against the RunInstances
 * bucket's floor of (machines − burst) / refill.
 *
 *   node --conditions=@slipway/source --import tsx tools/bench/aws-burst/index.ts [machines] [virtual | speed]
 *
 * Time: by default the clock is virtual (manual, advanced in 250 ms steps
 * whenever no request is in flight), so the launch time measures the
 * provider's pacing alone, free of this machine's CPU stalls. With a number it
 * is a scaled clock (×N real time), where a stall of the event loop (parsing a
 * 1,000-instance DescribeInstances answer, another process) lets several
 * paced requests arrive at once and shows how the provider copes.
 */
import { randomUUID } from 'node:crypto';
import { startAwsEmulator, ec2PublishedRequestBuckets } from '@slipway/cloud-emulator/aws';
import { clusterSchema, type ActuatorContextV1, type Cluster } from '@slipway/core';
import { createAwsActuator } from '@slipway/provider-aws';
import { burstMachines, createInBurst, deleteInBurst, driveVirtualTime } from '../shared/machine-burst.js';

const machines = Number(process.argv[2] ?? 1_000);
const clockArgument = process.argv[3] ?? 'virtual';
const virtualTime = clockArgument === 'virtual';
const speed = virtualTime ? 1 : Number(clockArgument);
const virtualStepMs = 250;
const controlPlaneMachines = 3;
const describeIntervalMs = 10_000;
const mutatingActions = new Set(['RunInstances', 'TerminateInstances', 'CreateTags', 'elbv2:RegisterTargets', 'elbv2:DeregisterTargets']);

function formatRow(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

async function main(): Promise<void> {
  const emulator = await startAwsEmulator({
    clock: virtualTime ? { mode: 'manual' } : { speed },
    lifecycle: { bootDelayMilliseconds: 60_000, terminationDelayMilliseconds: 30_000 },
    natGatewayTransitionMilliseconds: 60_000,
  });
  const clock = emulator.clock;
  const actuators = createAwsActuator({
    region: emulator.region,
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
    clock,
    describeIntervalMs,
  });
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const context = (): ActuatorContextV1 => ({ signal: new AbortController().signal, logger, clock });

  // The cluster's infrastructure first, as the Cluster controller does.
  let cluster: Cluster = clusterSchema.parse({
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'burst', namespace: 'default', uid: randomUUID() },
    spec: { providerSpec: { value: { apiVersion: 'awsprovider/v1alpha1', kind: 'AWSClusterProviderSpec', network: { managed: { availabilityZones: ['us-east-1a', 'us-east-1b'] } } } } },
  });
  const drive = <T>(work: Promise<T>): Promise<T> => (virtualTime ? driveVirtualTime(emulator, work, virtualStepMs) : work);
  const reconciled = await drive(actuators.cluster.reconcile({ cluster }, context()));
  cluster = { ...cluster, status: { apiEndpoints: reconciled.apiEndpoints, providerStatus: reconciled.providerStatus ?? {} } };
  const clusterCalls = emulator.callLog.count();

  const machineList = burstMachines({
    count: machines,
    controlPlaneMachines,
    clusterName: 'burst',
    kubernetesVersion: '1.30.0',
    providerSpec: {
      apiVersion: 'awsprovider/v1alpha1',
      kind: 'AWSMachineProviderSpec',
      ami: { owners: ['099720109477'], filters: [{ name: 'name', values: ['ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*'] }] },
      instanceType: 't3.medium',
    },
  });

  // Only the machine lifecycle counts from here on; the emulator enforces EC2's buckets.
  emulator.callLog.clear();
  emulator.faults.throttle(true);
  const subject = { cluster, actuator: actuators.machine, clock, context, drive };
  const progress = process.env['BENCH_DEBUG']
    ? setInterval(() => console.log('progress', JSON.stringify(emulator.callLog.countsByAction()), emulator.callLog.countByOutcome('throttled')), 1000)
    : undefined;
  const launch = await createInBurst(subject, machineList, describeIntervalMs);
  if (progress) clearInterval(progress);
  const { created: launched, intervals, existsAnswers, emulatedMs: launchMs, realMs: launchRealMs } = launch;
  const launchCalls = emulator.callLog.countsByAction();
  const throttledDuringLaunch = emulator.callLog.countByOutcome('throttled');

  const deletion = await deleteInBurst(subject, launched);
  const surfaced = [...launch.surfaced, ...deletion.surfaced];
  const deleteMs = deletion.emulatedMs;
  const counts = emulator.callLog.countsByAction();
  const throttled = emulator.callLog.countByOutcome('throttled');
  emulator.faults.throttle(false);

  const bucket = ec2PublishedRequestBuckets.runInstances;
  const floorMs = ((machines - bucket.capacity) / bucket.refillPerSecond) * 1000;
  const mutating = Object.entries(counts).filter(([action]) => mutatingActions.has(action)).reduce((total, [, count]) => total + count, 0);
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const launchDescribes = launchCalls['DescribeInstances'] ?? 0;

  console.log(
    `AWS burst: ${machines} machines (${controlPlaneMachines} control plane), ${virtualTime ? `virtual clock (${virtualStepMs} ms steps)` : `emulator clock x${speed}`}, describe interval ${describeIntervalMs / 1000} s`,
  );
  console.log(`cluster infrastructure (managed VPC in 2 zones, NAT, NLB): ${clusterCalls} calls before the burst\n`);
  console.log(formatRow(['action', 'calls', 'per machine']));
  console.log(formatRow(['---', '---', '---']));
  for (const [action, count] of Object.entries(counts).sort(([left], [right]) => left.localeCompare(right))) {
    console.log(formatRow([action, count, (count / machines).toFixed(3)]));
  }
  console.log(formatRow(['**all**', total, (total / machines).toFixed(3)]));
  console.log('');
  console.log(`mutating calls per machine: ${(mutating / machines).toFixed(3)} (target ≤ 3)`);
  console.log(
    `DescribeInstances during the launch: ${launchDescribes} over ${intervals} intervals, ${existsAnswers} exists answers: ${(launchDescribes / Math.max(1, intervals) / machines).toFixed(5)} per machine per interval (target < 0.1)`,
  );
  console.log(`throttling errors sent by the emulator: ${throttled} (${throttledDuringLaunch} during the launch); errors surfaced by the provider: ${surfaced.length} (target 0)`);
  console.log(
    `launch: ${(launchMs / 1000).toFixed(1)} s emulated (${(launchRealMs / 1000).toFixed(1)} s real); RunInstances floor ${(floorMs / 1000).toFixed(1)} s; ${((launchMs / floorMs - 1) * 100).toFixed(2)} % above the floor (target ≤ 5 %)`,
  );
  console.log(`delete: ${deletion.gone}/${launched.length} gone in ${(deleteMs / 1000).toFixed(1)} s emulated`);
  for (const message of surfaced.slice(0, 5)) console.log(`  surfaced: ${message}`);
  await actuators.close();
  await emulator.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
