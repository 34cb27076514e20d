/**
 * Reconcile benchmark: N Machines (in MachineDeployments of 1,000) from nothing
 * to Running against a zero-latency in-memory cloud, then deleted, on the
 * durable embedded store. Prints wall times, reconciles per second, store
 * writes per Machine, peak RSS, and the CPU time of the way up (which, unlike
 * wall time, hardly moves when other work shares the machine). Each size runs
 * in a fresh process so peak RSS belongs to that size alone.
 *
 *   node --conditions=@slipway/source --import tsx tools/bench/reconcile/index.ts [machines...]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster, Machine, MachineDeployment } from '@slipway/core';
import { createManager, machineDeploymentType, openEmbeddedStore } from '@slipway/manager';
import { createInMemoryActuators, InMemoryCloud } from '../../../packages/manager/src/test-support/in-memory-cloud.js';

const deploymentSize = 1_000;

async function runOne(machines: number): Promise<Record<string, string | number>> {
  const stateDirectory = mkdtempSync(join(tmpdir(), 'slipway-bench-'));
  const store = openEmbeddedStore({ stateDirectory });
  const cloud = new InMemoryCloud();
  const manager = createManager({ store, providers: createInMemoryActuators(cloud), logLevel: 'warn', concurrency: { machine: Number(process.env['SLIPWAY_BENCH_MACHINE_CONCURRENCY'] ?? 16) } });
  await manager.start();

  let running = 0;
  let allRunning: () => void = () => undefined;
  const runningReached = new Promise<void>((resolve) => (allRunning = resolve));
  const seenRunning = new Set<string>();
  manager.informers.machines.addEventHandler({
    onUpdate: (_previous, machine: Machine) => {
      if (machine.status?.phase === 'Running' && !seenRunning.has(machine.metadata.uid ?? '')) {
        seenRunning.add(machine.metadata.uid ?? '');
        running += 1;
        if (running === machines) allRunning();
      }
    },
  });

  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const cluster: Cluster = {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'bench', namespace: 'default' },
    spec: {
      clusterNetwork: { services: { cidrBlocks: ['10.96.0.0/12'] }, pods: { cidrBlocks: ['192.168.0.0/16'] }, serviceDomain: 'cluster.local' },
    },
  };
  await store.create(cluster);
  const deployments = Math.ceil(machines / deploymentSize);
  for (let index = 0; index < deployments; index += 1) {
    const name = `workers-${index}`;
    const labels = { 'cluster.k8s.io/cluster-name': 'bench', deployment: name };
    const deployment: MachineDeployment = {
      apiVersion: 'cluster.k8s.io/v1alpha1',
      kind: 'MachineDeployment',
      metadata: { name, namespace: 'default', labels: { 'cluster.k8s.io/cluster-name': 'bench' } },
      spec: {
        replicas: Math.min(deploymentSize, machines - index * deploymentSize),
        selector: { matchLabels: { deployment: name } },
        template: { metadata: { labels }, spec: { providerSpec: { value: { instanceType: 'bench' } }, versions: { kubelet: '1.13.2' } } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        deletePolicy: 'Random',
        minReadySeconds: 0,
        revisionHistoryLimit: 1,
        paused: false,
        progressDeadlineSeconds: 600,
      },
    };
    await store.create(deployment);
  }
  await runningReached;
  const upSeconds = (performance.now() - started) / 1000;
  const cpuUp = process.cpuUsage(cpuAtStart);
  const writesUp = store.statistics().writes;
  const reconcilesUp = await totalReconciles(manager.metrics.registry);

  const deleteStarted = performance.now();
  for (let index = 0; index < deployments; index += 1) await store.delete(machineDeploymentType, 'default', `workers-${index}`);
  while (manager.informers.machines.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  const downSeconds = (performance.now() - deleteStarted) / 1000;
  const reconcilesAll = await totalReconciles(manager.metrics.registry);
  const statistics = store.statistics();
  await manager.stop();
  await store.close();
  rmSync(stateDirectory, { recursive: true, force: true });
  if (cloud.liveInstances().length !== 0) throw new Error(`${cloud.liveInstances().length} instances left behind`);
  return {
    machines,
    'up (s)': upSeconds.toFixed(1),
    'up CPU (s)': ((cpuUp.user + cpuUp.system) / 1e6).toFixed(1),
    'reconciles/s up': Math.round(reconcilesUp / upSeconds),
    'writes/machine up': (writesUp / machines).toFixed(2),
    'down (s)': downSeconds.toFixed(1),
    'reconciles/s down': Math.round((reconcilesAll - reconcilesUp) / downSeconds),
    'writes/machine total': (statistics.writes / machines).toFixed(2),
    transactions: statistics.transactions,
    'peak RSS (MiB)': Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

async function totalReconciles(registry: { getSingleMetric(name: string): unknown }): Promise<number> {
  const metric = registry.getSingleMetric('slipway_reconcile_total') as { get(): Promise<{ values: Array<{ value: number }> }> };
  return (await metric.get()).values.reduce((sum, value) => sum + value.value, 0);
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter((value) => Number.isInteger(value) && value > 0);
  if (process.env['SLIPWAY_BENCH_CHILD'] === '1') {
  const result = await runOne(sizes[0] ?? 1_000);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const rows = [];
  for (const size of sizes.length > 0 ? sizes : [1_000, 10_000]) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? '', String(size)], {
      env: { ...process.env, SLIPWAY_BENCH_CHILD: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (child.status !== 0) throw new Error(`benchmark of ${size} machines failed with status ${child.status}`);
    rows.push(JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}'));
  }
  console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} CPUs`);
  console.table(rows);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
