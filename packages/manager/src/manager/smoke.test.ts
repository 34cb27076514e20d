import { describe, expect, it } from 'vitest';
import type { Machine } from '@slipway/core';
import { createManager } from './create-manager.js';
import { openEmbeddedStore } from '../store/embedded-store.js';
import { clusterType, machineDeploymentType, machineType } from '../store/object-types.js';
import { createInMemoryActuators, InMemoryCloud } from '../test-support/in-memory-cloud.js';
import { clusterObject, machineDeploymentObject, temporaryDirectory } from '../test-support/fixtures.js';

describe('smoke', () => {
  it('brings a deployment up and down', async () => {
    const directory = temporaryDirectory();
    const store = openEmbeddedStore({ stateDirectory: directory.path });
    const cloud = new InMemoryCloud();
    const manager = createManager({ store, providers: createInMemoryActuators(cloud), logLevel: 'silent' });
    await manager.start();
    await store.create(clusterObject());
    await store.create(machineDeploymentObject('workers', 5));
    await manager.waitForIdle();
    const { items } = await store.list<Machine>(machineType);
    expect(items.map((m) => m.status?.phase)).toEqual(['Running', 'Running', 'Running', 'Running', 'Running']);
    expect(cloud.liveInstances()).toHaveLength(5);
    await store.delete(machineDeploymentType, 'default', 'workers');
    await manager.waitForIdle();
    expect((await store.list(machineType)).items).toHaveLength(0);
    expect(cloud.liveInstances()).toHaveLength(0);
    await store.delete(clusterType, 'default', 'alpha');
    await manager.waitForIdle();
    expect(await store.get(clusterType, 'default', 'alpha')).toBeUndefined();
    await manager.stop();
    await store.close();
    directory.remove();
  });
});
