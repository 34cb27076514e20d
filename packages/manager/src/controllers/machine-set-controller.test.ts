import { afterEach, describe, expect, it } from 'vitest';
import type { Machine, MachineSet } from '@slipway/core';
import { createManualClock } from '../runtime/manual-clock.js';
import { machineSetType, machineType } from '../store/object-types.js';
import { clusterObject, machineObject, machineSetObject } from '../test-support/fixtures.js';
import { startHarness, type Harness } from '../test-support/harness.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

function store() {
  return (harness as Harness).store;
}

async function machines(): Promise<Machine[]> {
  return (await store().list<Machine>(machineType)).items;
}

async function liveMachines(): Promise<Machine[]> {
  return (await machines()).filter((machine) => machine.metadata.deletionTimestamp === undefined);
}

async function scale(name: string, replicas: number, change: (set: MachineSet) => MachineSet = (set) => set): Promise<void> {
  for (;;) {
    const current = (await store().get<MachineSet>(machineSetType, 'default', name)) as MachineSet;
    try {
      await store().update(change({ ...current, spec: { ...current.spec, replicas } }));
      return;
    } catch {
      // A controller wrote meanwhile; read again.
    }
  }
}

async function allRunning(count: number): Promise<boolean> {
  const all = await machines();
  return all.length === count && all.every((machine) => machine.status?.phase === 'Running');
}

describe('MachineSet controller', () => {
  it('keeps `replicas` Machines, scaling up and down, and reports its status', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    await store().create(machineSetObject('workers', 3));
    await harness.eventually(() => allRunning(3), 'three machines run');
    const set = await store().get<MachineSet>(machineSetType, 'default', 'workers');
    expect(set?.status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    const owned = await machines();
    expect(owned.every((machine) => machine.metadata.ownerReferences?.[0]?.uid === set?.metadata.uid)).toBe(true);
    expect(owned.every((machine) => machine.metadata.name?.startsWith('workers-'))).toBe(true);

    await scale('workers', 5);
    await harness.eventually(() => allRunning(5), 'five machines run');
    await scale('workers', 1);
    await harness.eventually(() => allRunning(1), 'one machine runs');
    expect(harness.cloud.liveInstances()).toHaveLength(1);
    expect(harness.cloud.calls.create).toBe(5);
  });

  it('reaches a size larger than one pass creates (250), and shrinks from it', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    await store().create(machineSetObject('workers', 300));
    await harness.eventually(() => allRunning(300), '300 machines run');
    expect(harness.cloud.calls.create).toBe(300);
    await scale('workers', 10);
    await harness.eventually(() => allRunning(10), 'ten machines run');
    expect(harness.cloud.liveInstances()).toHaveLength(10);
  });

  it('adopts an orphan that matches its selector instead of creating one', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    await store().create(machineObject('orphan', 'alpha', { set: 'workers' }));
    await store().create(machineObject('stranger', 'alpha', { set: 'others' }));
    await harness.eventually(async () => (await machines()).every((machine) => machine.status?.phase === 'Running'), 'the orphans run');
    await store().create(machineSetObject('workers', 2));
    await harness.eventually(
      async () => (await machines()).filter((machine) => machine.metadata.labels?.['set'] === 'workers').length === 2,
      'the set has two machines',
    );
    const orphan = await store().get<Machine>(machineType, 'default', 'orphan');
    expect(orphan?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'MachineSet', name: 'workers', controller: true });
    expect((await store().get<Machine>(machineType, 'default', 'stranger'))?.metadata.ownerReferences).toBeUndefined();
    expect(harness.cloud.calls.create).toBe(3);
  });

  it('deletes failed Machines first when scaling down', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    await store().create(machineSetObject('workers', 3, { deletePolicy: 'Oldest' }));
    await harness.eventually(() => allRunning(3), 'three machines run');
    const [, victim] = (await machines()).sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    // A terminal error recorded for the current generation: the controller leaves it failed.
    await store().updateStatus<Machine>({
      ...(victim as Machine),
      status: { ...victim?.status, phase: 'Failed', errorReason: 'UpdateError', errorMessage: 'instance lost', observedGeneration: victim?.metadata.generation },
    } as Machine);
    await scale('workers', 2);
    await harness.eventually(async () => (await machines()).length === 2, 'two machines are left');
    expect((await machines()).map((machine) => machine.metadata.name)).not.toContain(victim?.metadata.name);
  });

  it.each([
    ['Oldest', 0],
    ['Newest', 2],
  ] as const)('with policy %s deletes by age', async (policy, expectedVictim) => {
    const clock = createManualClock();
    harness = await startHarness({ clock });
    await store().create(clusterObject());
    await store().create(machineSetObject('workers', 1, { deletePolicy: policy }));
    for (const count of [1, 2, 3]) {
      if (count > 1) await scale('workers', count);
      await harness.eventually(() => allRunning(count), `${count} machines run`);
      clock.advance(60_000);
    }
    const byAge = (await machines()).sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? ''));
    await scale('workers', 2);
    await harness.eventually(async () => (await machines()).length === 2, 'two machines are left');
    expect((await machines()).map((machine) => machine.metadata.name)).not.toContain(byAge[expectedVictim]?.metadata.name);
  });

  it('never overshoots during a burst of events', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    const { resourceVersion } = await store().list(machineType);
    const live = new Set<string>();
    let peak = 0;
    store().watch<Machine>(machineType, { resourceVersion }, {
      onEvent: ({ type, object }) => {
        if (type === 'DELETED' || object.metadata.deletionTimestamp !== undefined) live.delete(object.metadata.uid ?? '');
        else live.add(object.metadata.uid ?? '');
        peak = Math.max(peak, live.size);
      },
    });
    await store().create(machineSetObject('workers', 40));
    // A burst: the set is rewritten many times while it creates its Machines.
    for (let round = 0; round < 30; round += 1) {
      await scale('workers', 40, (set) => ({ ...set, metadata: { ...set.metadata, annotations: { round: String(round) } } }));
    }
    await harness.eventually(() => allRunning(40), 'forty machines run');
    expect(peak).toBe(40);
    expect(harness.cloud.calls.create).toBe(40);
  });

  it('refuses a template whose labels its selector would not match', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    const broken = machineSetObject('workers', 2);
    broken.spec.selector = { matchLabels: { set: 'something-else' } };
    await store().create(broken);
    await harness.eventually(
      async () => (await store().get<MachineSet>(machineSetType, 'default', 'workers'))?.status?.errorReason === 'InvalidConfiguration',
      'the set reports its error',
    );
    expect((await store().get<MachineSet>(machineSetType, 'default', 'workers'))?.status?.errorMessage).toContain('spec.template.metadata.labels');
    expect(await machines()).toEqual([]);
  });

  it('deletes its Machines (and their instances) when it is deleted', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    await store().create(machineSetObject('workers', 3));
    await harness.eventually(() => allRunning(3), 'three machines run');
    await store().delete(machineSetType, 'default', 'workers');
    await harness.eventually(async () => (await machines()).length === 0, 'the machines are gone');
    expect(harness.cloud.liveInstances()).toHaveLength(0);
    expect(await liveMachines()).toEqual([]);
  });
});
