import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Machine } from '@slipway/core';
import { machineObject, temporaryDirectory } from '../test-support/fixtures.js';
import { openEmbeddedStore, type EmbeddedStore } from '../store/embedded-store.js';
import type { ObjectStore } from '../store/object-store.js';
import { machineType } from '../store/object-types.js';
import { WatchExpiredError } from '../store/watch-expired-error.js';
import { Informer } from './informer.js';

let directory: ReturnType<typeof temporaryDirectory>;
let store: EmbeddedStore;

beforeEach(() => {
  directory = temporaryDirectory();
  store = openEmbeddedStore({ stateDirectory: directory.path, changeLogRetention: 4 });
});

afterEach(async () => {
  await store.close();
  directory.remove();
});

describe('Informer', () => {
  it('fills its cache from a list, follows the watch, and answers index lookups', async () => {
    await store.create(machineObject('a', 'alpha', { zone: 'a' }));
    const informer = new Informer<Machine>(store, machineType);
    informer.addIndex('zone', (machine) => (machine.metadata.labels?.['zone'] === undefined ? [] : [machine.metadata.labels['zone']]));
    const seen: string[] = [];
    informer.addEventHandler({
      onAdd: (machine) => seen.push(`add ${machine.metadata.name}`),
      onUpdate: (_previous, machine) => seen.push(`update ${machine.metadata.name}`),
      onDelete: (machine) => seen.push(`delete ${machine.metadata.name}`),
    });
    await informer.start();
    expect(informer.hasSynced).toBe(true);
    const b = await store.create(machineObject('b', 'alpha', { zone: 'b' }));
    await store.update({ ...b, metadata: { ...b.metadata, labels: { ...b.metadata.labels, zone: 'a' } } });
    await store.delete(machineType, 'default', 'a');
    expect(seen).toEqual(['add a', 'add b', 'update b', 'delete a']);
    expect(informer.byIndex('zone', 'a').map((machine) => machine.metadata.name)).toEqual(['b']);
    expect(informer.byIndex('zone', 'b')).toEqual([]);
    expect(informer.get('default', 'b')?.metadata.labels?.['zone']).toBe('a');
    expect(informer.size).toBe(1);
    informer.stop();
    await store.create(machineObject('after-stop'));
    expect(informer.get('default', 'after-stop')).toBeUndefined();
  });

  it('relists when its watch has expired and reports what changed meanwhile', async () => {
    await store.create(machineObject('kept'));
    await store.create(machineObject('removed'));
    // A store whose first list is answered, then overtaken by changes the
    // compacted log (4 entries) no longer holds before the watch starts.
    let lists = 0;
    const slowStore: ObjectStore = {
      get: (...parameters) => store.get(...parameters),
      watch: (...parameters) => store.watch(...parameters),
      create: (object) => store.create(object),
      update: (object) => store.update(object),
      updateStatus: (object) => store.updateStatus(object),
      patch: (...parameters) => store.patch(...parameters),
      delete: (...parameters) => store.delete(...parameters),
      close: () => store.close(),
      async list(type, options) {
        const result = await store.list(type, options);
        lists += 1;
        if (lists === 1) {
          await store.delete(machineType, 'default', 'removed');
          for (let index = 0; index < 10; index += 1) await store.create(machineObject(`new-${index}`));
        }
        return result as never;
      },
    };
    const recovered: Error[] = [];
    const informer = new Informer<Machine>(slowStore, machineType, { onRecoveredError: (error) => recovered.push(error) });
    const seen: string[] = [];
    informer.addEventHandler({
      onAdd: (machine) => seen.push(`add ${machine.metadata.name}`),
      onDelete: (machine) => seen.push(`delete ${machine.metadata.name}`),
    });
    await informer.start();
    for (let round = 0; round < 100 && lists < 2; round += 1) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(recovered.some((error) => WatchExpiredError.isInstance(error))).toBe(true);
    expect(lists).toBe(2);
    expect(seen.slice(0, 2)).toEqual(['add kept', 'add removed']);
    expect(seen).toContain('delete removed');
    expect(seen.filter((entry) => entry.startsWith('add new-'))).toHaveLength(10);
    expect(informer.size).toBe(11);
    // And it follows the new watch.
    await store.create(machineObject('latest'));
    expect(informer.get('default', 'latest')).toBeDefined();
    informer.stop();
  });
});
