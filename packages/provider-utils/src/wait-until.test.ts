import { TransientError } from '@slipway/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectPages } from './collect-pages.js';
import { waitUntil } from './wait-until.js';

describe('waitUntil', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls with growing pauses until the check returns a value', async () => {
    const checkedAt: number[] = [];
    const result = waitUntil(
      async () => {
        checkedAt.push(Date.now());
        return Date.now() >= 4000 ? 'running' : undefined;
      },
      { description: 'instance to run', timeoutMs: 60_000, intervalMs: 1000, backoffFactor: 2 },
    );
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(result).resolves.toBe('running');
    expect(checkedAt).toEqual([0, 1000, 3000, 7000]);
  });

  it('times out with a TransientError naming what it waited for', async () => {
    const result = waitUntil(async () => undefined, { description: 'load balancer to be active', timeoutMs: 5000, intervalMs: 1000 });
    const settled = expect(result).rejects.toSatisfy(
      (error: unknown) => TransientError.isInstance(error) && /load balancer to be active after 5000 ms/.test(error.message),
    );
    await vi.advanceTimersByTimeAsync(6000);
    await settled;
  });
});

describe('collectPages', () => {
  it('follows page tokens to the end', async () => {
    const pages: Record<string, { items: number[]; nextPageToken?: string }> = {
      start: { items: [1, 2], nextPageToken: 'b' },
      b: { items: [3], nextPageToken: 'c' },
      c: { items: [4, 5] },
    };
    const tokens: (string | undefined)[] = [];
    const items = await collectPages(async (token) => {
      tokens.push(token);
      return pages[token ?? 'start'] ?? { items: [] };
    });
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(tokens).toEqual([undefined, 'b', 'c']);
  });

  it('refuses a cloud whose pagination does not advance', async () => {
    await expect(collectPages(async () => ({ items: [1], nextPageToken: 'same' }))).rejects.toThrow(/did not advance/);
  });
});
