import { describe, expect, it } from 'vitest';
import { createManualClock } from './manual-clock.js';
import { RateLimiter } from './rate-limiter.js';
import { WorkQueue } from './work-queue.js';

/** Lets promise callbacks (timers resolved by the manual clock) run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('WorkQueue', () => {
  it('hands a key out once however often it was added', async () => {
    const queue = new WorkQueue({ clock: createManualClock() });
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(queue.length).toBe(2);
    expect(await queue.get()).toBe('a');
    expect(await queue.get()).toBe('b');
    expect(queue.length).toBe(0);
  });

  it('never hands out a key that is in flight; one added meanwhile comes back after done', async () => {
    const queue = new WorkQueue({ clock: createManualClock() });
    queue.add('a');
    const key = await queue.get();
    queue.add('a');
    queue.add('b');
    expect(await queue.get()).toBe('b');
    let handedOut: string | undefined;
    void queue.get().then((next) => (handedOut = next));
    await flush();
    expect(handedOut).toBeUndefined();
    queue.done(key as string);
    await flush();
    expect(handedOut).toBe('a');
  });

  it('backs a failing key off from 5 ms, doubling, up to 1000 s, and forgets on success', async () => {
    const limiter = new RateLimiter<string>({ overallPerSecond: 1e9, overallBurst: 1e9 });
    const delays = Array.from({ length: 30 }, () => limiter.when('a', 0));
    expect(delays.slice(0, 6)).toEqual([5, 10, 20, 40, 80, 160]);
    expect(delays.at(-1)).toBe(1_000_000);
    expect(Math.max(...delays)).toBe(1_000_000);
    expect(limiter.when('b', 0)).toBe(5);
    limiter.forget('a');
    expect(limiter.when('a', 0)).toBe(5);

    // The queue keeps a failing key away for exactly that long.
    const clock = createManualClock();
    const queue = new WorkQueue({ clock });
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    clock.advance(4);
    await flush();
    expect(queue.length).toBe(0);
    clock.advance(1);
    await flush();
    expect(queue.length).toBe(1);
    expect(queue.failureCount('a')).toBe(2);
  });

  it('holds every key to the overall rate limit', () => {
    const clock = createManualClock();
    const queue = new WorkQueue({ clock, rateLimiter: { overallPerSecond: 10, overallBurst: 2 } });
    queue.addRateLimited('a');
    queue.addRateLimited('b');
    queue.addRateLimited('c');
    queue.addRateLimited('d');
    // Burst of two at the per-item 5 ms; then one every 100 ms.
    expect(queue.delayed).toBe(4);
    clock.advance(5);
    return flush().then(async () => {
      expect(queue.length).toBe(2);
      clock.advance(95);
      await flush();
      expect(queue.length).toBe(3);
      clock.advance(100);
      await flush();
      expect(queue.length).toBe(4);
    });
  });

  it('keeps the earliest of two delayed visits', async () => {
    const clock = createManualClock();
    const queue = new WorkQueue({ clock });
    queue.addAfter('a', 1_000);
    queue.addAfter('a', 100);
    queue.addAfter('a', 5_000);
    clock.advance(100);
    await flush();
    expect(queue.length).toBe(1);
    queue.done((await queue.get()) as string);
    clock.advance(10_000);
    await flush();
    expect(queue.length).toBe(0);
  });

  it('answers waiting getters with undefined on shut down, and reports idleness', async () => {
    const queue = new WorkQueue({ clock: createManualClock() });
    const waiting = queue.get();
    queue.shutDown();
    expect(await waiting).toBeUndefined();
    queue.add('ignored');
    expect(queue.length).toBe(0);
    await expect(queue.whenIdle()).resolves.toBeUndefined();
  });
});
