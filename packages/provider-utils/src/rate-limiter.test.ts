import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiRateLimits, classifyAzureResourceManagerMethod, classifyEc2Action } from './api-rate-limits.js';
import { createAzureResourceManagerRateLimiter, createEc2RateLimiter, createGceRateLimiter } from './rate-limiter.js';

describe('published API limits', () => {
  it('carries the numbers each cloud publishes', () => {
    expect(apiRateLimits.ec2).toEqual({
      runInstances: { capacity: 5, refillPerSecond: 2 },
      mutating: { capacity: 50, refillPerSecond: 5 },
      nonMutating: { capacity: 100, refillPerSecond: 20 },
    });
    expect(apiRateLimits.azureResourceManager).toEqual({
      reads: { capacity: 250, refillPerSecond: 25 },
      writes: { capacity: 200, refillPerSecond: 10 },
    });
    // 1,500 requests per minute.
    expect(apiRateLimits.gce.requests.refillPerSecond * 60).toBe(1500);
  });

  it('puts each EC2 action in its bucket', () => {
    expect(classifyEc2Action('RunInstances')).toBe('runInstances');
    expect(classifyEc2Action('DescribeInstances')).toBe('nonMutating');
    expect(classifyEc2Action('GetConsoleOutput')).toBe('nonMutating');
    expect(classifyEc2Action('TerminateInstances')).toBe('mutating');
    expect(classifyEc2Action('CreateTags')).toBe('mutating');
  });

  it('counts ARM GETs as reads and everything else as writes', () => {
    expect(classifyAzureResourceManagerMethod('get')).toBe('reads');
    expect(classifyAzureResourceManagerMethod('PUT')).toBe('writes');
    expect(classifyAzureResourceManagerMethod('DELETE')).toBe('writes');
  });
});

describe('RateLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps separate EC2 buckets: a RunInstances burst does not slow describes', async () => {
    const limiter = createEc2RateLimiter();
    const runs = Array.from({ length: 7 }, () => limiter.acquire('RunInstances'));
    const describes = Array.from({ length: 100 }, () => limiter.acquire('DescribeInstances'));
    let describesDone = false;
    void Promise.all(describes).then(() => {
      describesDone = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(describesDone).toBe(true);
    let runsDone = 0;
    runs.forEach((run) => void run.then(() => (runsDone += 1)));
    await vi.advanceTimersByTimeAsync(999);
    expect(runsDone).toBe(6);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all(runs);
    expect(runsDone).toBe(7);
    expect(limiter.waitCounts()).toEqual({ runInstances: 2 });
  });

  it('holds GCE to 1,500 requests a minute after its burst', async () => {
    const limiter = createGceRateLimiter();
    let granted = 0;
    const all = Array.from({ length: 1525 }, () => limiter.acquire('instances.insert').then(() => (granted += 1)));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toBe(1500);
    await vi.advanceTimersByTimeAsync(1000);
    expect(granted).toBe(1525);
    await Promise.all(all);
  });

  it('limits ARM writes at 10/s after a burst of 200', async () => {
    const limiter = createAzureResourceManagerRateLimiter();
    let granted = 0;
    const all = Array.from({ length: 210 }, () => limiter.acquire('PUT').then(() => (granted += 1)));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toBe(200);
    await vi.advanceTimersByTimeAsync(500);
    expect(granted).toBe(205);
    await vi.advanceTimersByTimeAsync(500);
    expect(granted).toBe(210);
    await Promise.all(all);
  });
});
