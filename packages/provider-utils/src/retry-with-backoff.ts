import { ProviderApiError, SlipwayError, TransientError, type ClockV1 } from '@slipway/core';
import { systemClock } from './system-clock.js';

export interface RetryOptions {
  /** Attempts in total, the first included. */
  maxAttempts?: number;
  /** The ceiling of the first backoff; it doubles each attempt. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  clock?: ClockV1;
  signal?: AbortSignal;
  /** Uniform in [0, 1); injectable so tests are exact. */
  random?: () => number;
  /** Decides whether an error is worth another attempt; defaults to `isRetryableError`. */
  isRetryable?: (error: unknown) => boolean;
  onRetry?: (details: { attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * Exponential backoff with full jitter (a random wait between 0 and the doubling
 * ceiling), which spreads retries of many callers instead of synchronising them.
 * A wait the cloud asked for (Retry-After) is a floor. Terminal errors are
 * rethrown at once; after the last attempt the last error is rethrown.
 */
export async function retryWithBackoff<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 20_000;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const isRetryable = options.isRetryable ?? isRetryableError;

  for (let attempt = 1; ; attempt += 1) {
    options.signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error) || options.signal?.aborted) throw error;
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.max(Math.floor(random() * ceiling), requestedDelayMs(error) ?? 0);
      options.onRetry?.({ attempt, delayMs, error });
      await clock.sleep(delayMs, options.signal);
    }
  }
}

/** Slipway errors say for themselves whether they are retryable; anything else is not. */
export function isRetryableError(error: unknown): boolean {
  return SlipwayError.isInstance(error) && error.isRetryable;
}

/** The wait an error asks for: Retry-After of a ProviderApiError, requeue-after of a TransientError. */
export function requestedDelayMs(error: unknown): number | undefined {
  if (ProviderApiError.isInstance(error)) return error.retryAfterMs;
  if (TransientError.isInstance(error)) return error.requeueAfterMs;
  return undefined;
}
