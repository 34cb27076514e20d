import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Machine, MachineSet } from '@slipway/core';
import { clusterObject, machineObject, machineSetObject, temporaryDirectory } from '../test-support/fixtures.js';
import { AlreadyExistsError } from './already-exists-error.js';
import { ConflictError } from './conflict-error.js';
import { openEmbeddedStore, type EmbeddedStore } from './embedded-store.js';
import { EventRecorder, type StoredEvent } from './event-recorder.js';
import { InvalidObjectError } from './invalid-object-error.js';
import { NotFoundError } from './not-found-error.js';
import type { StoredObject, WatchEvent } from './object-store.js';
import { clusterType, eventType, machineSetType, machineType, secretType } from './object-types.js';
import { StoreLockedError } from './store-locked-error.js';
import { WatchExpiredError } from './watch-expired-error.js';

let directory: ReturnType<typeof temporaryDirectory>;
let store: EmbeddedStore;

beforeEach(() => {
  directory = temporaryDirectory();
  store = openEmbeddedStore({ stateDirectory: directory.path });
});

afterEach(async () => {
  await store.close();
  directory.remove();
});

describe('create and get', () => {
  it('sets uid, resourceVersion, generation and creationTimestamp, and fills schema defaults', async () => {
    const created = await store.create(machineObject('m1'));
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(created.metadata.generation).toBe(1);
    expect(Date.parse(created.metadata.creationTimestamp ?? '')).not.toBeNaN();
    const cluster = await store.create({ ...clusterObject('defaults'), spec: {} } as never);
    expect((cluster as { spec: { clusterNetwork: { serviceDomain: string } } }).spec.clusterNetwork.serviceDomain).toBe('cluster.local');
    expect(await store.get(machineType, 'default', 'm1')).toEqual(created);
    expect(await store.get(machineType, 'default', 'absent')).toBeUndefined();
  });

  it('refuses a second object of the same name', async () => {
    await store.create(machineObject('m1'));
    await expect(store.create(machineObject('m1'))).rejects.toSatisfy(AlreadyExistsError.isInstance);
  });

  it('generates a name from generateName', async () => {
    const { name: _name, ...metadata } = machineObject('unused').metadata;
    const created = await store.create<Machine>({ ...machineObject('unused'), metadata: { ...metadata, generateName: 'workers-' } });
    expect(created.metadata.name).toMatch(/^workers-[a-z0-9]{5}$/);
  });

  it('rejects an invalid object, naming the field, and stores nothing', async () => {
    const machine = machineObject('bad');
    machine.spec.versions.kubelet = 'latest';
    const error = await store.create(machine).catch((caught: unknown) => caught);
    expect(InvalidObjectError.isInstance(error)).toBe(true);
    expect((error as InvalidObjectError).fieldPath).toBe('spec.versions.kubelet');
    expect((error as Error).message).toContain('1.13.2');
    expect((await store.list(machineType)).items).toHaveLength(0);
    await expect(store.create({ ...machineObject('x'), metadata: { name: 'Not_A_Name', namespace: 'default' } })).rejects.toThrow(/metadata\.name/);
    await expect(
      store.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { key: 'not base64!' } } as StoredObject),
    ).rejects.toThrow(/data\.key: expected a base64-encoded string/);
  });

  it('hands out frozen snapshots that share nothing with what the caller passed', async () => {
    const machine = machineObject('m1');
    const created = await store.create(machine);
    machine.spec.versions.kubelet = '9.9.9';
    expect(created.spec.versions.kubelet).toBe('1.13.2');
    expect(() => {
      (created.spec.versions as { kubelet: string }).kubelet = '1.0.0';
    }).toThrow(TypeError);
  });
});

describe('update, status and generation', () => {
  it('rejects a stale resourceVersion with a ConflictError and keeps the first write', async () => {
    const created = await store.create(machineObject('m1'));
    await store.update({ ...created, metadata: { ...created.metadata, labels: { ...created.metadata.labels, first: 'yes' } } });
    const error = await store
      .update({ ...created, metadata: { ...created.metadata, labels: { second: 'yes' } } })
      .catch((caught: unknown) => caught);
    expect(ConflictError.isInstance(error)).toBe(true);
    expect((await store.get<Machine>(machineType, 'default', 'm1'))?.metadata.labels?.['first']).toBe('yes');
  });

  it('bumps generation on spec changes only; status writes go through the status subresource', async () => {
    const created = await store.create(machineObject('m1'));
    const relabelled = await store.update({ ...created, metadata: { ...created.metadata, labels: { ...created.metadata.labels, a: 'b' } } });
    expect(relabelled.metadata.generation).toBe(1);
    const respecced = await store.update({ ...relabelled, spec: { ...relabelled.spec, providerID: 'memory:///a/i-1' } });
    expect(respecced.metadata.generation).toBe(2);
    const withStatus = await store.updateStatus({ ...respecced, status: { phase: 'Running' } });
    expect(withStatus.metadata.generation).toBe(2);
    expect(withStatus.status?.phase).toBe('Running');
    // update() keeps the stored status; updateStatus() keeps the stored spec.
    const ignoredStatus = await store.update({ ...withStatus, status: { phase: 'Failed' } });
    expect(ignoredStatus.status?.phase).toBe('Running');
    const ignoredSpec = await store.updateStatus({ ...withStatus, spec: { ...withStatus.spec, providerID: 'other' }, status: { phase: 'Deleting' } });
    expect(ignoredSpec.spec.providerID).toBe('memory:///a/i-1');
    expect(ignoredSpec.status?.phase).toBe('Deleting');
  });

  it('does not write an update that changes nothing', async () => {
    const created = await store.create(machineObject('m1'));
    const again = await store.update(structuredClone(created));
    expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('applies merge patches to the object and to its status', async () => {
    await store.create(machineObject('m1', 'alpha', { remove: 'me', keep: 'me' }));
    const patched = await store.patch<Machine>(machineType, 'default', 'm1', { metadata: { labels: { remove: null, added: 'yes' } } });
    expect(patched.metadata.labels).toEqual({ 'cluster.k8s.io/cluster-name': 'alpha', keep: 'me', added: 'yes' });
    const statusPatched = await store.patch<Machine>(machineType, 'default', 'm1', { status: { phase: 'Running' } }, { subresource: 'status' });
    expect(statusPatched.status?.phase).toBe('Running');
    await expect(
      store.patch(machineType, 'default', 'm1', { metadata: { resourceVersion: '1' }, spec: { providerID: 'x' } }),
    ).rejects.toSatisfy(ConflictError.isInstance);
    await expect(store.patch(machineType, 'default', 'absent', {})).rejects.toSatisfy(NotFoundError.isInstance);
  });
});

describe('list and watch', () => {
  it('lists by namespace and label selector', async () => {
    await store.create(machineObject('a', 'alpha', { role: 'worker', zone: 'a' }));
    await store.create(machineObject('b', 'alpha', { role: 'worker', zone: 'b' }));
    await store.create(machineObject('c', 'alpha', { role: 'master' }));
    await store.create({ ...machineObject('d'), metadata: { ...machineObject('d').metadata, namespace: 'other' } });
    const names = async (options: Parameters<EmbeddedStore['list']>[1]) =>
      (await store.list(machineType, options)).items.map((item) => item.metadata.name).sort();
    expect(await names({ labelSelector: { matchLabels: { role: 'worker' } } })).toEqual(['a', 'b']);
    expect(await names({ labelSelector: { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, namespace: 'default' })).toEqual([
      'b',
      'c',
    ]);
    expect(await names({ namespace: 'other' })).toEqual(['d']);
  });

  it('delivers every change made after the listed resourceVersion, none lost between list and watch', async () => {
    await store.create(machineObject('before'));
    const { resourceVersion } = await store.list(machineType);
    const created = await store.create(machineObject('between'));
    await store.delete(machineType, 'default', 'before');
    const events: Array<WatchEvent<Machine>> = [];
    const watch = store.watch<Machine>(machineType, { resourceVersion }, { onEvent: (event) => events.push(event) });
    await store.update({ ...created, metadata: { ...created.metadata, labels: { after: 'yes' } } });
    watch.stop();
    await store.create(machineObject('after-stop'));
    expect(events.map((event) => `${event.type} ${event.object.metadata.name}`)).toEqual([
      'ADDED between',
      'DELETED before',
      'MODIFIED between',
    ]);
    const versions = events.map((event) => Number(event.object.metadata.resourceVersion));
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
  });

  it('replays from the change log after a restart, and expires watches older than the compacted log', async () => {
    await store.close();
    store = openEmbeddedStore({ stateDirectory: directory.path, changeLogRetention: 8 });
    const { resourceVersion: start } = await store.list(machineType);
    await store.create(machineObject('m0'));
    await store.close();
    store = openEmbeddedStore({ stateDirectory: directory.path, changeLogRetention: 8 });
    const replayed: string[] = [];
    store.watch<Machine>(machineType, { resourceVersion: start }, { onEvent: (event) => replayed.push(event.object.metadata.name ?? '') }).stop();
    expect(replayed).toEqual(['m0']);
    for (let index = 1; index <= 20; index += 1) await store.create(machineObject(`m${index}`));
    expect(() => store.watch(machineType, { resourceVersion: start }, { onEvent: () => undefined })).toThrow(WatchExpiredError);
  });
});

describe('deletion, finalizers and garbage collection', () => {
  it('only marks an object with finalizers; removing the last finalizer removes it', async () => {
    const created = await store.create({ ...machineObject('m1'), metadata: { ...machineObject('m1').metadata, finalizers: ['example.com/hold'] } });
    const marked = await store.delete<Machine>(machineType, 'default', 'm1');
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(await store.get(machineType, 'default', 'm1')).toBeDefined();
    await expect(
      store.update({ ...marked, metadata: { ...marked.metadata, finalizers: ['example.com/hold', 'example.com/new'] } }),
    ).rejects.toThrow(/cannot add example.com\/new/);
    await store.update({ ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    expect(await store.get(machineType, 'default', 'm1')).toBeUndefined();
    await expect(store.delete(machineType, 'default', 'm1')).rejects.toSatisfy(NotFoundError.isInstance);
    expect(created.metadata.deletionTimestamp).toBeUndefined();
  });

  it('deletes dependents whose every owner is gone and drops references to a gone owner otherwise', async () => {
    const owner = await store.create(machineSetObject('owner', 0));
    const other = await store.create(machineSetObject('other', 0));
    const reference = (set: MachineSet, controller: boolean) => ({
      apiVersion: set.apiVersion,
      kind: 'MachineSet',
      name: set.metadata.name ?? '',
      uid: set.metadata.uid ?? '',
      controller,
    });
    const withOwners = (name: string, owners: ReturnType<typeof reference>[], finalizers: string[] = []): Machine => ({
      ...machineObject(name),
      metadata: { ...machineObject(name).metadata, ownerReferences: owners, finalizers },
    });
    await store.create(withOwners('only-owner', [reference(owner, true)]));
    await store.create(withOwners('held', [reference(owner, true)], ['example.com/hold']));
    await store.create(withOwners('two-owners', [reference(owner, true), reference(other, false)]));
    await store.delete(machineSetType, 'default', 'owner');
    expect(await store.get(machineType, 'default', 'only-owner')).toBeUndefined();
    expect((await store.get<Machine>(machineType, 'default', 'held'))?.metadata.deletionTimestamp).toBeDefined();
    const survivor = await store.get<Machine>(machineType, 'default', 'two-owners');
    expect(survivor?.metadata.ownerReferences?.map((owner) => owner.name)).toEqual(['other']);
    expect(survivor?.metadata.deletionTimestamp).toBeUndefined();
    expect(other.metadata.uid).toBeDefined();
  });

  it('honours delete preconditions', async () => {
    const created = await store.create(machineObject('m1'));
    await expect(store.delete(machineType, 'default', 'm1', { uid: 'someone-else' })).rejects.toSatisfy(NotFoundError.isInstance);
    await expect(store.delete(machineType, 'default', 'm1', { resourceVersion: '0' })).rejects.toSatisfy(ConflictError.isInstance);
    await store.delete(machineType, 'default', 'm1', { uid: created.metadata.uid ?? '' });
    expect(await store.get(machineType, 'default', 'm1')).toBeUndefined();
  });
});

describe('durability and exclusive access', () => {
  it('keeps acknowledged writes across close and reopen, and resourceVersions keep growing', async () => {
    const created = await store.create(clusterObject('durable'));
    await store.close();
    store = openEmbeddedStore({ stateDirectory: directory.path });
    expect(await store.get(clusterType, 'default', 'durable')).toEqual(created);
    const next = await store.create(clusterObject('next'));
    expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
  });

  it('refuses a second opener in this process, naming the holder', () => {
    const error = (() => {
      try {
        openEmbeddedStore({ stateDirectory: directory.path });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(StoreLockedError.isInstance(error)).toBe(true);
    expect((error as StoreLockedError).ownerPid).toBe(process.pid);
    expect((error as Error).message).toContain(`process ${process.pid}`);
  });

  it('refuses a second process with an error naming the first', async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@slipway/source',
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { openEmbeddedStore, StoreLockedError } from '@slipway/manager';
         try { openEmbeddedStore({ stateDirectory: process.argv[1] }); console.log('OPENED'); }
         catch (error) { console.log(StoreLockedError.isInstance(error) ? 'LOCKED ' + error.ownerPid : 'OTHER ' + error.message); }`,
        directory.path,
      ],
      { cwd: join(import.meta.dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    await new Promise((resolve) => child.on('exit', resolve));
    expect(output.trim()).toBe(`LOCKED ${process.pid}`);
  });

  it('opens a directory whose lock file names a process that died', async () => {
    await store.close();
    writeFileSync(join(directory.path, 'slipway.lock'), '999999999\n');
    store = openEmbeddedStore({ stateDirectory: directory.path });
    expect((await store.list(machineType)).items).toEqual([]);
  });

  it('refuses writes after close', async () => {
    await store.close();
    await expect(store.create(machineObject('late'))).rejects.toThrow(/the store is closed/);
    store = openEmbeddedStore({ stateDirectory: directory.path });
  });
});

describe('events', () => {
  it('deduplicates the same event into one object with a growing count', async () => {
    const machine = await store.create(machineObject('m1'));
    let now = Date.parse('2026-01-01T00:00:00Z');
    const recorder = new EventRecorder(store, { now: () => now });
    await recorder.record(machine, { type: 'Warning', reason: 'CreateFailed', message: 'quota exceeded' });
    now += 60_000;
    await recorder.record(machine, { type: 'Warning', reason: 'CreateFailed', message: 'quota exceeded' });
    await recorder.record(machine, { type: 'Warning', reason: 'CreateFailed', message: 'another problem' });
    const events = (await store.list<StoredEvent>(eventType)).items.sort((a, b) => b.count - a.count);
    expect(events.map((event) => [event.message, event.count])).toEqual([
      ['quota exceeded', 2],
      ['another problem', 1],
    ]);
    expect(events[0]?.involvedObject).toMatchObject({ kind: 'Machine', name: 'm1', uid: machine.metadata.uid });
    expect(events[0]?.firstTimestamp).toBe('2026-01-01T00:00:00.000Z');
    expect(events[0]?.lastTimestamp).toBe('2026-01-01T00:01:00.000Z');
    expect((await store.list(secretType)).items).toEqual([]);
  });
});
