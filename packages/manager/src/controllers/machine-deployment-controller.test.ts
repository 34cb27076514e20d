import { afterEach, describe, expect, it } from 'vitest';
import { machineTemplateHashLabel, revisionAnnotation, type Machine, type MachineDeployment, type MachineSet } from '@slipway/core';
import { createManualClock } from '../runtime/manual-clock.js';
import type { StoredEvent } from '../store/event-recorder.js';
import { eventType, machineDeploymentType, machineSetType, machineType } from '../store/object-types.js';
import { clusterObject, machineDeploymentObject } from '../test-support/fixtures.js';
import { startHarness, type Harness } from '../test-support/harness.js';
import { machineTemplateHash } from './machine-template-hash.js';

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

async function machineSets(): Promise<MachineSet[]> {
  return (await store().list<MachineSet>(machineSetType)).items.sort(
    (a, b) => Number(a.metadata.annotations?.[revisionAnnotation]) - Number(b.metadata.annotations?.[revisionAnnotation]),
  );
}

async function deployment(): Promise<MachineDeployment> {
  return (await store().get<MachineDeployment>(machineDeploymentType, 'default', 'workers')) as MachineDeployment;
}

async function change(update: (deployment: MachineDeployment) => MachineDeployment): Promise<void> {
  for (;;) {
    try {
      await store().update(update(await deployment()));
      return;
    } catch {
      // A controller wrote meanwhile; read again.
    }
  }
}

const withInstanceType = (instanceType: string) => (current: MachineDeployment): MachineDeployment => ({
  ...current,
  spec: {
    ...current.spec,
    template: { ...current.spec.template, spec: { ...current.spec.template.spec, providerSpec: { value: { instanceType } } } },
  },
});

async function rolledOutTo(instanceType: string, replicas: number): Promise<boolean> {
  const all = await machines();
  const current = await deployment();
  return (
    all.length === replicas &&
    all.every((machine) => machine.status?.phase === 'Running' && machine.spec.providerSpec.value?.['instanceType'] === instanceType) &&
    current.status?.updatedReplicas === replicas &&
    current.status.availableReplicas === replicas
  );
}

/** Follows every Machine change and remembers the extremes the rollout bounds are about. */
function trackBounds() {
  const live = new Map<string, Machine>();
  const bounds = { peakTotal: 0, lowestAvailable: Number.POSITIVE_INFINITY, tracking: false };
  const { resourceVersion } = { resourceVersion: '0' };
  store().watch<Machine>(machineType, { resourceVersion }, {
    onEvent: ({ type, object }) => {
      const uid = object.metadata.uid ?? '';
      if (type === 'DELETED' || object.metadata.deletionTimestamp !== undefined) live.delete(uid);
      else live.set(uid, object);
      if (!bounds.tracking) return;
      bounds.peakTotal = Math.max(bounds.peakTotal, live.size);
      const available = [...live.values()].filter((machine) => machine.status?.phase === 'Running').length;
      bounds.lowestAvailable = Math.min(bounds.lowestAvailable, available);
    },
  });
  return bounds;
}

describe('MachineDeployment controller', () => {
  it('creates a MachineSet named after its template hash and reports status', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    const created = await store().create(machineDeploymentObject('workers', 3));
    await harness.eventually(() => rolledOutTo('small', 3), 'three machines run');
    const [set] = await machineSets();
    const hash = machineTemplateHash(created.spec.template);
    expect(set?.metadata.name).toBe(`workers-${hash}`);
    expect(set?.metadata.labels?.[machineTemplateHashLabel]).toBe(hash);
    expect(set?.metadata.annotations?.[revisionAnnotation]).toBe('1');
    expect(set?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'MachineDeployment', name: 'workers', controller: true });
    const status = (await deployment()).status;
    expect(status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0, observedGeneration: 1 });
    expect(status?.selector).toBe('deployment=workers');
  });

  it('rolls a new template out within maxSurge and maxUnavailable and keeps one old revision', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    await store().create(machineDeploymentObject('workers', 6, { maxSurge: 2, maxUnavailable: 1 }));
    await harness.eventually(() => rolledOutTo('small', 6), 'six machines run');
    const bounds = trackBounds();
    bounds.tracking = true;
    await change(withInstanceType('medium'));
    await harness.eventually(() => rolledOutTo('medium', 6), 'six new machines run');
    expect(bounds.peakTotal).toBeLessThanOrEqual(6 + 2);
    expect(bounds.peakTotal).toBeGreaterThan(6);
    expect(bounds.lowestAvailable).toBeGreaterThanOrEqual(6 - 1);
    const sets = await machineSets();
    expect(sets.map((set) => [set.metadata.annotations?.[revisionAnnotation], set.spec.replicas])).toEqual([
      ['1', 0],
      ['2', 6],
    ]);
    expect(harness.cloud.liveInstances()).toHaveLength(6);
  });

  it('rolls back to an earlier template by reusing its MachineSet as the newest revision', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    await store().create(machineDeploymentObject('workers', 2));
    await harness.eventually(() => rolledOutTo('small', 2), 'two machines run');
    const [original] = await machineSets();
    await change(withInstanceType('medium'));
    await harness.eventually(() => rolledOutTo('medium', 2), 'the new template runs');
    await change(withInstanceType('small'));
    await harness.eventually(() => rolledOutTo('small', 2), 'the old template runs again');
    const sets = await machineSets();
    expect(sets).toHaveLength(2);
    const reused = sets.find((set) => set.metadata.uid === original?.metadata.uid);
    expect(reused?.metadata.annotations?.[revisionAnnotation]).toBe('3');
    expect(reused?.spec.replicas).toBe(2);
  });

  it('honours percentages and drops old MachineSets beyond revisionHistoryLimit', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    await store().create(machineDeploymentObject('workers', 4, { maxSurge: '25%', maxUnavailable: '0%', revisionHistoryLimit: 0 }));
    await harness.eventually(() => rolledOutTo('small', 4), 'four machines run');
    const bounds = trackBounds();
    bounds.tracking = true;
    await change(withInstanceType('medium'));
    await harness.eventually(async () => (await rolledOutTo('medium', 4)) && (await machineSets()).length === 1, 'the rollout is done and cleaned up');
    expect(bounds.peakTotal).toBe(5);
    expect(bounds.lowestAvailable).toBeGreaterThanOrEqual(4);
  });

  it('stays within bounds when scaled up and down in the middle of a rollout', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    await store().create(machineDeploymentObject('workers', 6, { maxSurge: 2, maxUnavailable: 1 }));
    await harness.eventually(() => rolledOutTo('small', 6), 'six machines run');
    const bounds = trackBounds();
    bounds.tracking = true;
    await change(withInstanceType('medium'));
    await change((current) => ({ ...current, spec: { ...current.spec, replicas: 10 } }));
    await harness.eventually(async () => (await machines()).length >= 10, 'the deployment grows');
    await change((current) => ({ ...current, spec: { ...current.spec, replicas: 4 } }));
    await harness.eventually(() => rolledOutTo('medium', 4), 'four new machines run');
    // Never more than the largest size asked for plus the surge.
    expect(bounds.peakTotal).toBeLessThanOrEqual(10 + 2);
    expect(harness.cloud.liveInstances()).toHaveLength(4);
  });

  it('does not roll out while paused, but does once resumed', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    await store().create(machineDeploymentObject('workers', 2));
    await harness.eventually(() => rolledOutTo('small', 2), 'two machines run');
    await change((current) => withInstanceType('medium')({ ...current, spec: { ...current.spec, paused: true } }));
    await change((current) => ({ ...current, spec: { ...current.spec, replicas: 3 } }));
    await harness.eventually(async () => (await machines()).filter((machine) => machine.status?.phase === 'Running').length === 3, 'three machines run');
    expect(await machineSets()).toHaveLength(1);
    expect((await machines()).every((machine) => machine.spec.providerSpec.value?.['instanceType'] === 'small')).toBe(true);
    await change((current) => ({ ...current, spec: { ...current.spec, paused: false } }));
    await harness.eventually(() => rolledOutTo('medium', 3), 'the rollout completes');
  });

  it('reports a rollout that made no progress within progressDeadlineSeconds', async () => {
    const clock = createManualClock();
    harness = await startHarness({ clock, cloud: { initialState: 'pending' } });
    await store().create(clusterObject());
    await store().create(machineDeploymentObject('workers', 2, { progressDeadlineSeconds: 120 }));
    await harness.eventually(async () => (await machines()).length === 2, 'two machines exist');
    expect((await deployment()).status?.progressDeadlineExceeded).toBe(false);
    clock.advance(121_000);
    await harness.eventually(async () => (await deployment()).status?.progressDeadlineExceeded === true, 'the deadline is reported');
    const { items } = await store().list<StoredEvent>(eventType);
    expect(items.filter((event) => event.reason === 'ProgressDeadlineExceeded').map((event) => event.type)).toEqual(['Warning']);
    for (const instance of harness.cloud.liveInstances()) harness.cloud.setState(instance.providerID, 'running');
    clock.advance(10_000);
    await harness.eventually(async () => (await deployment()).status?.progressDeadlineExceeded === false, 'the rollout completes');
  });

  it('deletes its MachineSets, Machines and instances when it is deleted', async () => {
    harness = await startHarness();
    await store().create(clusterObject());
    await store().create(machineDeploymentObject('workers', 3));
    await harness.eventually(() => rolledOutTo('small', 3), 'three machines run');
    await store().delete(machineDeploymentType, 'default', 'workers');
    await harness.eventually(async () => (await machines()).length === 0 && (await machineSets()).length === 0, 'everything is gone');
    expect(harness.cloud.liveInstances()).toHaveLength(0);
  });
});
