import { TransientError, type ClockV1 } from '@slipway/core';
import { systemClock } from './system-clock.js';

export interface WaitOptions {
  /** What is awaited, for the timeout message ("instance i-0abc to be running"). */
  description: string;
  timeoutMs: number;
  /** The first pause between checks; it grows by `backoffFactor` up to `maxIntervalMs`. */
  intervalMs?: number;
  maxIntervalMs?: number;
  backoffFactor?: number;
  clock?: ClockV1;
  signal?: AbortSignal;
}

/**
 * Polls `check` until it returns a value other than undefined, with growing
 * pauses. On timeout it throws a TransientError (the controller will come back),
 * naming what it waited for and for how long.
 */
export async function waitUntil<T>(check: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + options.timeoutMs;
  let interval = options.intervalMs ?? 1000;
  const maxInterval = options.maxIntervalMs ?? 15_000;
  const factor = options.backoffFactor ?? 1.5;
  for (;;) {
    options.signal?.throwIfAborted();
    const value = await check();
    if (value !== undefined) return value;
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw new TransientError(`gave up waiting for ${options.description} after ${options.timeoutMs} ms`);
    }
    await clock.sleep(Math.min(interval, remaining), options.signal);
    interval = Math.min(maxInterval, interval * factor);
  }
}
