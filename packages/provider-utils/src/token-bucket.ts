import { TerminalError, type ClockV1 } from '@slipway/core';
import { systemClock } from './system-clock.js';

export interface TokenBucketSettings {
  /** Tokens the bucket holds when full: the largest burst. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/**
 * A client-side token bucket, shaped like the cloud's own, so a burst waits
 * here instead of ending in throttling errors there. Callers are served in
 * arrival order: each takes its token at once (the balance may go negative)
 * and sleeps until the bucket would have held it.
 */
export class TokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  private readonly clock: ClockV1;
  private tokens: number;
  private updatedAt: number;

  constructor(settings: TokenBucketSettings, clock: ClockV1 = systemClock) {
    if (!(settings.capacity > 0) || !(settings.refillPerSecond > 0)) {
      throw new TerminalError('InvalidConfiguration', `a token bucket needs a positive capacity and refill rate, got ${settings.capacity} and ${settings.refillPerSecond}/s; fix the provider's rateLimits setting`);
    }
    this.capacity = settings.capacity;
    this.refillPerSecond = settings.refillPerSecond;
    this.clock = clock;
    this.tokens = settings.capacity;
    this.updatedAt = clock.now();
  }

  /** Tokens available now (negative while callers are queued). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes a token if one is there now; never waits. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Waits for a token. An abort while waiting gives the token back. */
  async take(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    const waitMs = Math.ceil((-this.tokens / this.refillPerSecond) * 1000);
    try {
      await this.clock.sleep(waitMs, signal);
    } catch (error) {
      this.tokens += 1;
      throw error;
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.updatedAt = now;
    this.tokens = Math.min(this.capacity, this.tokens + elapsedSeconds * this.refillPerSecond);
  }
}
