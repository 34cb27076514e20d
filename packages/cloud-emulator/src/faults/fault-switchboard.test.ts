import { describe, expect, it } from 'vitest';
import { createEmulatorRuntime } from '../runtime/emulator-runtime.js';
import { CloudFault } from './cloud-fault.js';
import { LostReply } from './lost-reply.js';

const manualRuntime = () =>
  createEmulatorRuntime({
    clock: { mode: 'manual', startAt: 0 },
    throttlingPolicy: (action) =>
      action === 'Launch' ? { bucket: 'launch', limits: { capacity: 2, refillPerSecond: 1 } } : { bucket: 'rest', limits: { capacity: 100, refillPerSecond: 20 } },
  });

const kindOf = async (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'ok',
    (error: unknown) => (CloudFault.isInstance(error) ? error.kind : LostReply.isInstance(error) ? 'lost' : 'other'),
  );

describe('FaultSwitchboard through runtime.perform', () => {
  it('throttles with the published bucket of the action and refills on the clock', async () => {
    const runtime = manualRuntime();
    runtime.faults.throttle(true);
    const outcomes = [];
    for (let call = 0; call < 3; call += 1) outcomes.push(await kindOf(runtime.perform('Launch', () => 'done')));
    expect(outcomes).toEqual(['ok', 'ok', 'throttling']);
    expect(await kindOf(runtime.perform('Describe', () => 'done'))).toBe('ok');
    await runtime.clock.advance(1_000);
    expect(await kindOf(runtime.perform('Launch', () => 'done'))).toBe('ok');
    expect(runtime.callLog.countByOutcome('throttled')).toBe(1);
  });

  it('answers exactly the next N requests with a 5xx, then none', async () => {
    const runtime = manualRuntime();
    runtime.faults.serverErrors({ next: 2, actions: ['Launch'] });
    const outcomes = [];
    for (let call = 0; call < 4; call += 1) outcomes.push(await kindOf(runtime.perform('Launch', () => 1)));
    expect(outcomes).toEqual(['server-error', 'server-error', 'ok', 'ok']);
  });

  it('draws a 5xx rate from a seeded source, the same on every run', async () => {
    const run = async () => {
      const runtime = manualRuntime();
      runtime.faults.serverErrors({ rate: 0.5, seed: 42 });
      const outcomes = [];
      for (let call = 0; call < 40; call += 1) outcomes.push(await kindOf(runtime.perform('Describe', () => 1)));
      return outcomes;
    };
    const first = await run();
    expect(first).toEqual(await run());
    const errors = first.filter((outcome) => outcome === 'server-error').length;
    expect(errors).toBeGreaterThan(10);
    expect(errors).toBeLessThan(30);
  });

  it('loses the reply only of a request that created an instance, after doing the work', async () => {
    const runtime = manualRuntime();
    runtime.faults.loseReplies({ onlyWhenCreating: 'instance' });
    expect(await kindOf(runtime.perform('Describe', () => runtime.store.list()))).toBe('ok');
    expect(await kindOf(runtime.perform('Launch', () => runtime.lifecycle.launch({ tags: {} })))).toBe('lost');
    expect(runtime.inspect.instances()).toHaveLength(1);
    expect(await kindOf(runtime.perform('Launch', () => runtime.lifecycle.launch({ tags: {} })))).toBe('ok');
    expect(runtime.inspect.instances()).toHaveLength(2);
  });

  it('interrupts the k-th request before its work, calling back first', async () => {
    const runtime = manualRuntime();
    let interrupted = 0;
    runtime.faults.interrupt({ atRequest: 2, phase: 'before-work', onInterrupt: () => (interrupted += 1) });
    expect(await kindOf(runtime.perform('Describe', () => 1))).toBe('ok');
    expect(await kindOf(runtime.perform('Launch', () => runtime.lifecycle.launch({})))).toBe('lost');
    expect(interrupted).toBe(1);
    expect(runtime.inspect.instances()).toHaveLength(0);
  });

  it('interrupts the k-th request after its work', async () => {
    const runtime = manualRuntime();
    let interrupted = false;
    runtime.faults.interrupt({ atRequest: 1, phase: 'after-work', onInterrupt: () => (interrupted = true) });
    expect(await kindOf(runtime.perform('Launch', () => runtime.lifecycle.launch({})))).toBe('lost');
    expect(interrupted).toBe(true);
    expect(runtime.inspect.instances()).toHaveLength(1);
  });

  it('refuses new resources beyond the quota and counts only live ones', async () => {
    const runtime = manualRuntime();
    runtime.faults.quota({ instance: 1 });
    const first = await runtime.perform('Launch', () => runtime.lifecycle.launch({}));
    expect(await kindOf(runtime.perform('Launch', () => runtime.lifecycle.launch({})))).toBe('quota');
    runtime.lifecycle.terminate(first.id);
    await runtime.clock.advance(runtime.lifecycle.terminationDelayMilliseconds);
    expect(await kindOf(runtime.perform('Launch', () => runtime.lifecycle.launch({})))).toBe('ok');
  });

  it('hides new resources from reads during the consistency window but not from the side door', async () => {
    const runtime = manualRuntime();
    runtime.faults.eventualConsistency({ invisibleForMilliseconds: 5_000 });
    const instance = runtime.lifecycle.launch({ tags: { team: 'a' } });
    expect(runtime.store.get('instance', instance.id)).toBeUndefined();
    expect(runtime.store.list({ tags: { team: 'a' } })).toHaveLength(0);
    expect(runtime.inspect.instances({ tags: { team: 'a' } })).toHaveLength(1);
    await runtime.clock.advance(5_000);
    expect(runtime.store.get('instance', instance.id)?.id).toBe(instance.id);
  });

  it('adds latency on the emulator clock', async () => {
    const runtime = manualRuntime();
    runtime.faults.latency({ milliseconds: 2_000 });
    let done = false;
    const call = runtime.perform('Describe', () => (done = true));
    await runtime.clock.advance(1_000);
    expect(done).toBe(false);
    await runtime.clock.advance(1_000);
    await call;
    expect(done).toBe(true);
  });

  it('rejects bad settings with the option named', () => {
    const runtime = manualRuntime();
    expect(() => runtime.faults.serverErrors({ rate: 2 })).toThrow(/rate must be between 0 and 1/);
    expect(() => runtime.faults.interrupt({ atRequest: 0, phase: 'after-work' })).toThrow(/atRequest/);
    expect(() => runtime.faults.quota({ instance: -1 })).toThrow(/instance/);
    const plain = createEmulatorRuntime({ clock: { mode: 'manual' } });
    expect(() => plain.faults.throttle(true)).toThrow(/no throttling policy/);
  });

  it('switches everything off with reset', async () => {
    const runtime = manualRuntime();
    runtime.faults.serverErrors({ rate: 1 });
    runtime.faults.throttleNext(5);
    runtime.faults.reset();
    expect(await kindOf(runtime.perform('Launch', () => 1))).toBe('ok');
  });
});
