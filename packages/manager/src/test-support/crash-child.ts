/**
 * The process the crash test kills: it opens the store in a state directory,
 * writes probe Secrets and prints `ACK <name>` for each one the store
 * acknowledged, drives a MachineDeployment towards the plan for its run number
 * (scaling to 200, rolling the template, scaling down mid-way and back), and
 * runs the manager against a cloud journaled to disk. With `final`, it runs until
 * the plan's end state is reached, prints `DONE` and exits cleanly.
 *
 *   node --conditions=@slipway/source --import tsx crash-child.ts <stateDirectory> <cloudJournal> <run|final>
 */
import type { Cluster, MachineDeployment } from '@slipway/core';
import { createManager } from '../manager/create-manager.js';
import { ConflictError } from '../store/conflict-error.js';
import { openEmbeddedStore } from '../store/embedded-store.js';
import type { ObjectStore, StoredObject } from '../store/object-store.js';
import { clusterType, machineDeploymentType } from '../store/object-types.js';
import { isMachineReady } from '../controllers/machine-set-controller.js';
import { clusterObject, machineDeploymentObject } from './fixtures.js';
import { planFor } from './crash-plan.js';
import { createInMemoryActuators, InMemoryCloud } from './in-memory-cloud.js';

/** Probe writes from the moment the store is open until the process is killed: each acknowledged one must survive. */
async function writeProbes(store: ObjectStore, run: number): Promise<void> {
  for (let index = 0; ; index += 1) {
    const name = `probe-${run}-${index}`;
    await store.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: 'default' },
      data: { run: Buffer.from(String(run)).toString('base64') },
    } as StoredObject);
    process.stdout.write(`ACK ${name}\n`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function waitForGo(): Promise<void> {
  return new Promise((resolve) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (!received.includes('GO\n')) return;
      process.stdin.off('data', onData);
      process.stdin.destroy();
      resolve();
    };
    process.stdin.on('data', onData);
  });
}

async function main(): Promise<void> {
  const [stateDirectory, journalPath, runArgument] = process.argv.slice(2);
  if (stateDirectory === undefined || journalPath === undefined || runArgument === undefined) {
    throw new Error('usage: crash-child.ts <stateDirectory> <cloudJournal> <run|final>');
  }
  const final = runArgument === 'final';
  const run = final ? 1_000 : Number(runArgument);
  // Started ahead of time (while the previous run still lives), it loads its
  // modules first and opens the store only when told to.
  process.stdout.write('LOADED\n');
  await waitForGo();
  const store = openEmbeddedStore({ stateDirectory });
  process.stdout.write('OPENED\n');
  if (!final) void writeProbes(store, run);
  const cloud = new InMemoryCloud({ journalPath });
  const manager = createManager({ store, providers: createInMemoryActuators(cloud), logLevel: 'silent', concurrency: { machine: 8 } });
  await manager.start();

  if ((await store.get<Cluster>(clusterType, 'default', 'alpha')) === undefined) await store.create(clusterObject('alpha'));
  const plan = planFor(run);
  for (let attempt = 0; ; attempt += 1) {
    const existing = await store.get<MachineDeployment>(machineDeploymentType, 'default', 'crash');
    const wanted = machineDeploymentObject('crash', plan.replicas, { maxSurge: 5, maxUnavailable: 5, instanceType: plan.instanceType });
    try {
      if (existing === undefined) await store.create(wanted);
      else if (existing.spec.replicas !== plan.replicas || existing.spec.template.spec.providerSpec.value?.['instanceType'] !== plan.instanceType) {
        await store.update<MachineDeployment>({ ...existing, spec: { ...existing.spec, replicas: plan.replicas, template: wanted.spec.template } });
      }
      break;
    } catch (error) {
      if (!ConflictError.isInstance(error) || attempt > 20) throw error;
    }
  }
  process.stdout.write(`PLAN ${plan.replicas} ${plan.instanceType}\n`);

  if (!final) {
    // This run ends only when it is killed.
    await new Promise(() => undefined);
  }

  // Final run: wait until exactly the plan's Machines run, all of the final template.
  for (let round = 0; round < 6_000; round += 1) {
    await manager.waitForIdle();
    const machines = manager.informers.machines.list();
    const done =
      machines.length === plan.replicas &&
      machines.every(
        (machine) =>
          isMachineReady(machine) &&
          machine.metadata.deletionTimestamp === undefined &&
          machine.spec.providerSpec.value?.['instanceType'] === plan.instanceType,
      );
    if (done) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await manager.stop();
  await store.close();
  cloud.close();
  process.stdout.write('DONE\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`crash child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
