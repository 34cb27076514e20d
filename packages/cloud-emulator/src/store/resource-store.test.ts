import { describe, expect, it } from 'vitest';
import { CloudFault } from '../faults/cloud-fault.js';
import { createEmulatorRuntime } from '../runtime/emulator-runtime.js';

const runtime = () => createEmulatorRuntime({ clock: { mode: 'manual', startAt: 0 } });

describe('ResourceStore', () => {
  it('finds resources by every tag asked for', () => {
    const { store } = runtime();
    store.create({ kind: 'disk', tags: { cluster: 'a', role: 'root' } });
    store.create({ kind: 'disk', tags: { cluster: 'a', role: 'data' } });
    store.create({ kind: 'address', tags: { cluster: 'a' } });
    expect(store.list({ tags: { cluster: 'a' } })).toHaveLength(3);
    expect(store.list({ kind: 'disk', tags: { cluster: 'a', role: 'data' } }).map((disk) => disk.tags['role'])).toEqual(['data']);
    expect(store.list({ tags: { cluster: 'b' } })).toEqual([]);
  });

  it('refuses a taken id with a conflict and finds resources by idempotency key, even when invisible', () => {
    const { store, faults } = runtime();
    faults.eventualConsistency({ invisibleForMilliseconds: 60_000 });
    const created = store.create({ kind: 'network-interface', id: 'nic-1', idempotencyKey: 'key-1' });
    expect(() => store.create({ kind: 'network-interface', id: 'nic-1' })).toThrow('The network-interface nic-1 already exists.');
    expect(store.get('network-interface', 'nic-1')).toBeUndefined();
    expect(store.findByIdempotencyKey('network-interface', 'key-1')).toBe(created);
  });

  it('hides gone resources unless asked, and lets an id be reused once gone', () => {
    const { store } = runtime();
    const disk = store.create({ kind: 'disk', id: 'd-1' });
    disk.state = 'deleted';
    expect(store.get('disk', 'd-1')).toBeUndefined();
    expect(store.get('disk', 'd-1', { includeGone: true })?.state).toBe('deleted');
    expect(store.create({ kind: 'disk', id: 'd-1' }).state).toBe('available');
  });

  it('gives the side door copies, so tests cannot change the cloud by accident', () => {
    const { store, inspect } = runtime();
    store.create({ kind: 'disk', id: 'd-1', tags: { a: '1' }, userData: Buffer.from('x') });
    const copy = inspect.resource('disk', 'd-1')!;
    (copy.tags as Record<string, string>)['a'] = 'changed';
    expect(store.get('disk', 'd-1')!.tags['a']).toBe('1');
  });

  it('raises a quota CloudFault naming the kind and the limit', () => {
    const { store, faults } = runtime();
    faults.quota({ address: 1 });
    store.create({ kind: 'address' });
    const error = (() => {
      try {
        store.create({ kind: 'address' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(CloudFault.isInstance(error) && error.kind).toBe('quota');
    expect((error as Error).message).toBe('Quota exceeded for address: the limit is 1.');
  });
});
