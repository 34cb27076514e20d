import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiRateLimits } from './api-rate-limits.js';
import { systemClock } from './system-clock.js';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves a full burst at once, then exactly the refill rate (EC2 RunInstances: 5, then 2/s)', async () => {
    const bucket = new TokenBucket(apiRateLimits.ec2.runInstances, systemClock);
    const grantedAt: number[] = [];
    const takers = Array.from({ length: 15 }, () => bucket.take().then(() => grantedAt.push(Date.now())));
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(takers);
    expect(grantedAt.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    // The next ten arrive one every 500 ms: (15 - 5) / 2 = 5 s for the whole burst.
    expect(grantedAt.slice(5)).toEqual([500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000]);
  });

  it('refills up to its capacity and never beyond', async () => {
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 1 }, systemClock);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(bucket.available()).toBeCloseTo(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(bucket.available()).toBe(3);
  });

  it('serves waiters in arrival order', async () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 10 }, systemClock);
    const order: number[] = [];
    const takers = [1, 2, 3, 4].map((caller) => bucket.take().then(() => order.push(caller)));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(takers);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('gives the token back when a waiter aborts', async () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1 }, systemClock);
    await bucket.take();
    const controller = new AbortController();
    const waiting = bucket.take(controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    await vi.advanceTimersByTimeAsync(1000);
    expect(bucket.available()).toBeCloseTo(1);
  });

  it('refuses a bucket that could never serve anyone', () => {
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 })).toThrow(/positive capacity/);
    expect(() => new TokenBucket({ capacity: 1, refillPerSecond: 0 })).toThrow(/positive capacity/);
  });
});
