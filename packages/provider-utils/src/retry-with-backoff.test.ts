import { InvalidProviderSpecError, ProviderApiError, TerminalError, TransientError } from '@slipway/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isRetryableError, retryWithBackoff } from './retry-with-backoff.js';

describe('retryWithBackoff', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits a random share of a doubling ceiling (full jitter)', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = retryWithBackoff(
      async () => {
        calls += 1;
        if (calls < 5) throw new TransientError('busy');
        return 'done';
      },
      { baseDelayMs: 100, maxDelayMs: 500, random: () => 0.5, onRetry: ({ delayMs }) => delays.push(delayMs) },
    );
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(result).resolves.toBe('done');
    // ceilings 100, 200, 400, 500 (capped); half of each.
    expect(delays).toEqual([50, 100, 200, 250]);
  });

  it('treats Retry-After as a floor', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = retryWithBackoff(
      async () => {
        calls += 1;
        if (calls === 1) throw new ProviderApiError('throttled', { code: 'TooManyRequests', statusCode: 429, isRetryable: true, retryAfterMs: 7000 });
        return calls;
      },
      { baseDelayMs: 100, random: () => 0.1, onRetry: ({ delayMs }) => delays.push(delayMs) },
    );
    await vi.advanceTimersByTimeAsync(6999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe(2);
    expect(delays).toEqual([7000]);
  });

  it('gives up at once on a terminal error', async () => {
    let calls = 0;
    const result = retryWithBackoff(async () => {
      calls += 1;
      throw new TerminalError('InsufficientResources', 'no capacity');
    });
    await expect(result).rejects.toThrow('no capacity');
    expect(calls).toBe(1);
  });

  it('does not retry errors it cannot classify', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(async () => {
        calls += 1;
        throw new Error('raw');
      }),
    ).rejects.toThrow('raw');
    expect(calls).toBe(1);
  });

  it('rethrows the last error after the last attempt', async () => {
    let calls = 0;
    const result = retryWithBackoff(
      async () => {
        calls += 1;
        throw new TransientError(`attempt ${calls}`);
      },
      { maxAttempts: 3, random: () => 0 },
    );
    const settled = expect(result).rejects.toThrow('attempt 3');
    await vi.advanceTimersByTimeAsync(1000);
    await settled;
    expect(calls).toBe(3);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const result = retryWithBackoff(
      async () => {
        throw new TransientError('busy');
      },
      { signal: controller.signal, random: () => 0.99, baseDelayMs: 10_000 },
    );
    const settled = expect(result).rejects.toThrow('shutdown');
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error('shutdown'));
    await settled;
  });

  it('classifies errors by their own flag', () => {
    expect(isRetryableError(new TransientError('x'))).toBe(true);
    expect(isRetryableError(new InvalidProviderSpecError('spec.x', 'bad'))).toBe(false);
    expect(isRetryableError(new ProviderApiError('x', { code: 'InternalError', statusCode: 500, isRetryable: true }))).toBe(true);
    expect(isRetryableError(new Error('x'))).toBe(false);
  });
});
