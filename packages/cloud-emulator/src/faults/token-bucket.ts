/**
 * A token bucket on the emulator clock: the server side of a cloud's published
 * request limits. A request takes one token; an empty bucket means the cloud
 * answers with its throttling error.
 */
export interface TokenBucketLimits {
  /** Tokens the bucket holds when full (the burst). */
  capacity: number;
  /** Tokens added per second of emulated time. */
  refillPerSecond: number;
}

export class TokenBucket {
  readonly limits: TokenBucketLimits;
  private tokens: number;
  private updatedAt: number;
  private readonly now: () => number;

  constructor(limits: TokenBucketLimits, now: () => number) {
    if (!(limits.capacity >= 1) || !(limits.refillPerSecond >= 0)) {
      throw new RangeError(
        `TokenBucket: capacity must be 1 or more and refillPerSecond 0 or more, got ${limits.capacity} and ${limits.refillPerSecond}`,
      );
    }
    this.limits = limits;
    this.tokens = limits.capacity;
    this.now = now;
    this.updatedAt = now();
  }

  /** Takes a token when one is there; otherwise returns the seconds until one will be. */
  take(): { granted: true } | { granted: false; retryAfterSeconds: number } {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { granted: true };
    }
    const missing = 1 - this.tokens;
    const retryAfterSeconds =
      this.limits.refillPerSecond > 0 ? Math.max(1, Math.ceil(missing / this.limits.refillPerSecond)) : 60;
    return { granted: false, retryAfterSeconds };
  }

  private refill(): void {
    const current = this.now();
    const elapsedSeconds = Math.max(0, current - this.updatedAt) / 1000;
    this.tokens = Math.min(this.limits.capacity, this.tokens + elapsedSeconds * this.limits.refillPerSecond);
    this.updatedAt = current;
  }
}
