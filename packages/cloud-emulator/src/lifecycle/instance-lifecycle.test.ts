import { describe, expect, it } from 'vitest';
import { createEmulatorRuntime } from '../runtime/emulator-runtime.js';

const runtimeWithDelays = () =>
  createEmulatorRuntime({
    clock: { mode: 'manual', startAt: 0 },
    lifecycle: { bootDelayMilliseconds: 10_000, terminationDelayMilliseconds: 4_000, terminatedRetentionMilliseconds: 60_000 },
  });

describe('InstanceLifecycle', () => {
  it('boots pending → running after the boot delay and reports transitions', async () => {
    const runtime = runtimeWithDelays();
    const transitions: string[] = [];
    runtime.lifecycle.onTransition((instance, from, to) => transitions.push(`${from ?? '∅'}→${to}`));
    const instance = runtime.lifecycle.launch({ idPrefix: 'i' });
    expect(instance.id).toMatch(/^i-[0-9a-f]+$/);
    await runtime.clock.advance(9_999);
    expect(runtime.inspect.resource('instance', instance.id)?.state).toBe('pending');
    await runtime.clock.advance(1);
    expect(runtime.inspect.resource('instance', instance.id)?.state).toBe('running');
    expect(transitions).toEqual(['∅→pending', 'pending→running']);
  });

  it('terminates idempotently, deletes owned resources at terminated, and forgets after retention', async () => {
    const runtime = runtimeWithDelays();
    const instance = runtime.lifecycle.launch({});
    const disk = runtime.store.create({ kind: 'disk', ownerId: instance.id });
    const kept = runtime.store.create({ kind: 'address', ownerId: instance.id, keepAfterOwner: true });
    await runtime.clock.advance(10_000);
    runtime.lifecycle.terminate(instance.id);
    runtime.lifecycle.terminate(instance.id);
    expect(runtime.inspect.resource('instance', instance.id)?.state).toBe('terminating');
    await runtime.clock.advance(4_000);
    expect(runtime.inspect.resource('instance', instance.id)?.state).toBe('terminated');
    expect(runtime.inspect.instances()).toHaveLength(0);
    expect(runtime.inspect.instances({ includeGone: true })).toHaveLength(1);
    expect(runtime.inspect.resource('disk', disk.id)).toBeUndefined();
    expect(runtime.inspect.resource('address', kept.id)).toBeDefined();
    await runtime.clock.advance(60_000);
    expect(runtime.inspect.resource('instance', instance.id)).toBeUndefined();
  });

  it('lets a terminate during boot win over the boot', async () => {
    const runtime = runtimeWithDelays();
    const instance = runtime.lifecycle.launch({});
    await runtime.clock.advance(5_000);
    runtime.lifecycle.terminate(instance.id);
    await runtime.clock.advance(10_000);
    expect(runtime.inspect.resource('instance', instance.id)?.state).toBe('terminated');
  });

  it('stops and starts a running instance', async () => {
    const runtime = runtimeWithDelays();
    const instance = runtime.lifecycle.launch({});
    await runtime.clock.advance(10_000);
    runtime.lifecycle.stop(instance.id);
    await runtime.clock.advance(runtime.lifecycle.stopDelayMilliseconds);
    expect(runtime.inspect.resource('instance', instance.id)?.state).toBe('stopped');
    runtime.lifecycle.start(instance.id);
    await runtime.clock.advance(10_000);
    expect(runtime.inspect.resource('instance', instance.id)?.state).toBe('running');
  });
});
