import { afterEach, describe, expect, it } from 'vitest';
import type { Machine } from '@slipway/core';
import { machineType } from '../store/object-types.js';
import { clusterObject, machineDeploymentObject, temporaryDirectory } from '../test-support/fixtures.js';
import { createInMemoryActuators, InMemoryCloud } from '../test-support/in-memory-cloud.js';
import { openEmbeddedStore, type EmbeddedStore } from '../store/embedded-store.js';
import { createManager } from './create-manager.js';

let directory: ReturnType<typeof temporaryDirectory> | undefined;
let store: EmbeddedStore | undefined;

afterEach(async () => {
  await store?.close();
  directory?.remove();
  store = undefined;
  directory = undefined;
});

describe('createManager', () => {
  it('says which option is missing', () => {
    expect(() => createManager({} as never)).toThrow(/options\.store is required/);
    directory = temporaryDirectory();
    store = openEmbeddedStore({ stateDirectory: directory.path });
    expect(() => createManager({ store: store as EmbeddedStore, providers: {} as never })).toThrow(/options\.providers\.machine/);
  });

  it('resumes from the store after a restart without repeating work, and exposes metrics', async () => {
    directory = temporaryDirectory();
    store = openEmbeddedStore({ stateDirectory: directory.path });
    const cloud = new InMemoryCloud();
    const first = createManager({ store, providers: createInMemoryActuators(cloud), logLevel: 'silent' });
    await first.start();
    await store.create(clusterObject());
    await store.create(machineDeploymentObject('workers', 4));
    for (let round = 0; round < 500; round += 1) {
      await first.waitForIdle();
      const { items } = await store.list<Machine>(machineType);
      if (items.length === 4 && items.every((machine) => machine.status?.phase === 'Running')) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const metrics = await first.metrics.registry.metrics();
    expect(metrics).toMatch(/slipway_reconcile_total\{controller="machine",result="success"\} [1-9]/);
    expect(metrics).toContain('slipway_work_queue_depth{controller="machine"} 0');
    expect(metrics).toContain('slipway_reconcile_duration_seconds_bucket');
    await first.stop();
    await store.close();

    store = openEmbeddedStore({ stateDirectory: directory.path });
    const second = createManager({ store, providers: createInMemoryActuators(cloud), logLevel: 'silent' });
    await second.start();
    await second.waitForIdle();
    expect(cloud.calls.create).toBe(4);
    expect(cloud.liveInstances()).toHaveLength(4);
    expect((await store.list<Machine>(machineType)).items.every((machine) => machine.status?.phase === 'Running')).toBe(true);
    await second.stop();
  });
});
