import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Machine } from '@slipway/core';
import { openEmbeddedStore, type EmbeddedStore } from '../store/embedded-store.js';
import type { StoredEvent } from '../store/event-recorder.js';
import { NotFoundError } from '../store/not-found-error.js';
import { eventType, machineType } from '../store/object-types.js';
import { clusterObject, machineObject, temporaryDirectory } from '../test-support/fixtures.js';
import { createMachineRegistryPort } from './machine-registry-port.js';
import { createSecretStorePort } from './secret-store-port.js';

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

const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('SecretStorePort', () => {
  it('lets the first writer win, updates, lists by label and deletes idempotently', async () => {
    const secrets = createSecretStorePort(store);
    const first = await secrets.createIfAbsent({ namespace: 'default', name: 'alpha-ca', labels: { cluster: 'alpha' }, data: { 'tls.crt': base64('first') } });
    const second = await secrets.createIfAbsent({ namespace: 'default', name: 'alpha-ca', labels: { cluster: 'alpha' }, data: { 'tls.crt': base64('second') } });
    expect(second).toEqual(first);
    expect((await secrets.get('default', 'alpha-ca'))?.data['tls.crt']).toBe(base64('first'));

    const updated = await secrets.update({ namespace: 'default', name: 'alpha-ca', data: { 'tls.crt': base64('rotated') } });
    expect(updated.data).toEqual({ 'tls.crt': base64('rotated') });
    expect(updated.labels).toEqual({ cluster: 'alpha' });
    await expect(secrets.update({ namespace: 'default', name: 'absent', data: {} })).rejects.toSatisfy(NotFoundError.isInstance);
    await expect(secrets.createIfAbsent({ namespace: 'default', name: 'bad', data: { key: '%%%' } })).rejects.toThrow(/data\.key/);

    await secrets.createIfAbsent({ namespace: 'default', name: 'beta-ca', labels: { cluster: 'beta' }, data: {} });
    expect((await secrets.list('default', { cluster: 'alpha' })).map((secret) => secret.name)).toEqual(['alpha-ca']);
    expect((await secrets.list('default')).map((secret) => secret.name).sort()).toEqual(['alpha-ca', 'beta-ca']);

    await secrets.delete('default', 'alpha-ca');
    await secrets.delete('default', 'alpha-ca');
    expect(await secrets.get('default', 'alpha-ca')).toBeUndefined();
  });
});

describe('MachineRegistryPort', () => {
  it('finds a Machine by UID with its Cluster, updates its bootstrap status and records Events', async () => {
    const registry = createMachineRegistryPort(store);
    await store.create(clusterObject());
    const machine = await store.create(machineObject('m1'));
    const found = await registry.findMachineByUid(machine.metadata.uid ?? '');
    expect(found?.machine.metadata.name).toBe('m1');
    expect(found?.cluster.metadata.name).toBe('alpha');
    expect(await registry.findMachineByUid('unknown')).toBeUndefined();

    await registry.updateBootstrapStatus(machine.metadata.uid ?? '', (status) => ({
      ...status,
      phase: 'CertificatesObtained',
      phases: [...(status.phases ?? []), { phase: 'CertificatesObtained', timestamp: '2026-01-01T00:00:00Z' }],
    }));
    await registry.updateBootstrapStatus(machine.metadata.uid ?? '', (status) => ({
      ...status,
      phase: 'NodeRegistered',
      phases: [...(status.phases ?? []), { phase: 'NodeRegistered', timestamp: '2026-01-01T00:01:00Z' }],
    }));
    const stored = await store.get<Machine>(machineType, 'default', 'm1');
    expect(stored?.status?.bootstrap?.phase).toBe('NodeRegistered');
    expect(stored?.status?.bootstrap?.phases?.map((entry) => entry.phase)).toEqual(['CertificatesObtained', 'NodeRegistered']);
    expect(stored?.metadata.generation).toBe(1);
    await expect(registry.updateBootstrapStatus('unknown', (status) => status)).rejects.toSatisfy(NotFoundError.isInstance);

    await registry.recordEvent(machine.metadata.uid ?? '', { type: 'Warning', reason: 'BootstrapFailed', message: 'kubeadm exited 1' });
    await registry.recordEvent(machine.metadata.uid ?? '', { type: 'Warning', reason: 'BootstrapFailed', message: 'kubeadm exited 1' });
    const events = (await store.list<StoredEvent>(eventType)).items;
    expect(events.map((event) => [event.reason, event.count, event.involvedObject.name])).toEqual([['BootstrapFailed', 2, 'm1']]);
  });
});
