import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CoalescingDescriber } from './coalescing-describer.js';

interface Instance {
  id: string;
  machineUid: string;
}

function cloud(instances: Instance[]) {
  const listings: string[] = [];
  return {
    listings,
    listScope: async (scope: string) => {
      listings.push(scope);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return instances.filter((instance) => instance.id.startsWith(scope));
    },
  };
}

describe('CoalescingDescriber', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers 1,000 concurrent lookups with one listing', async () => {
    const instances = Array.from({ length: 1000 }, (_, index) => ({ id: `a-${index}`, machineUid: `uid-${index}` }));
    const fake = cloud(instances);
    const describer = new CoalescingDescriber<Instance>({ listScope: fake.listScope, keyOf: (instance) => instance.machineUid, intervalMs: 5000 });
    const lookups = instances.map((instance) => describer.find('a', instance.machineUid));
    await vi.advanceTimersByTimeAsync(50);
    const found = await Promise.all(lookups);
    expect(found.map((instance) => instance?.id)).toEqual(instances.map((instance) => instance.id));
    expect(fake.listings).toEqual(['a']);
    expect(describer.stats()).toEqual({ listings: 1, lookups: 1000 });
  });

  it('reuses a snapshot within the interval and lists again after it', async () => {
    const fake = cloud([{ id: 'a-1', machineUid: 'u1' }]);
    const describer = new CoalescingDescriber<Instance>({ listScope: fake.listScope, keyOf: (instance) => instance.machineUid, intervalMs: 5000 });
    const first = describer.find('a', 'u1');
    await vi.advanceTimersByTimeAsync(50);
    await first;
    await vi.advanceTimersByTimeAsync(4000);
    await expect(describer.find('a', 'u1')).resolves.toMatchObject({ id: 'a-1' });
    expect(fake.listings).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    const later = describer.find('a', 'u1');
    await vi.advanceTimersByTimeAsync(50);
    await later;
    expect(fake.listings).toHaveLength(2);
  });

  it('lists again when a caller needs something newer than the snapshot', async () => {
    const instances: Instance[] = [];
    const fake = cloud(instances);
    const describer = new CoalescingDescriber<Instance>({ listScope: fake.listScope, keyOf: (instance) => instance.machineUid, intervalMs: 60_000 });
    const before = describer.find('a', 'u1');
    await vi.advanceTimersByTimeAsync(50);
    await expect(before).resolves.toBeUndefined();
    instances.push({ id: 'a-1', machineUid: 'u1' });
    const createdAt = Date.now();
    const after = describer.find('a', 'u1', { notOlderThan: createdAt });
    await vi.advanceTimersByTimeAsync(50);
    await expect(after).resolves.toMatchObject({ id: 'a-1' });
  });

  it('reports duplicates under one key', async () => {
    const fake = cloud([
      { id: 'a-1', machineUid: 'u1' },
      { id: 'a-2', machineUid: 'u1' },
    ]);
    const describer = new CoalescingDescriber<Instance>({ listScope: fake.listScope, keyOf: (instance) => instance.machineUid, intervalMs: 1000 });
    const all = describer.findAll('a', 'u1');
    await vi.advanceTimersByTimeAsync(50);
    await expect(all).resolves.toHaveLength(2);
  });

  it('shares a failed listing with every waiter and keeps no snapshot', async () => {
    let calls = 0;
    const describer = new CoalescingDescriber<Instance>({
      listScope: async () => {
        calls += 1;
        throw new Error('throttled');
      },
      keyOf: (instance) => instance.machineUid,
      intervalMs: 1000,
    });
    const results = await Promise.allSettled([describer.find('a', 'u1'), describer.find('a', 'u2')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    await expect(describer.find('a', 'u1')).rejects.toThrow('throttled');
    expect(calls).toBe(2);
  });

  it('lets one caller give up without cancelling the shared listing', async () => {
    const fake = cloud([{ id: 'a-1', machineUid: 'u1' }]);
    const describer = new CoalescingDescriber<Instance>({ listScope: fake.listScope, keyOf: (instance) => instance.machineUid, intervalMs: 1000 });
    const controller = new AbortController();
    const impatient = describer.find('a', 'u1', { signal: controller.signal });
    const patient = describer.find('a', 'u1');
    controller.abort(new Error('gave up'));
    await expect(impatient).rejects.toThrow('gave up');
    await vi.advanceTimersByTimeAsync(50);
    await expect(patient).resolves.toMatchObject({ id: 'a-1' });
    expect(fake.listings).toHaveLength(1);
  });
});
