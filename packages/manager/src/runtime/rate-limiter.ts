/**
 * How long a failing key waits before its next try: per key, 5 ms doubling up to
 * 1000 s; overall, a token bucket so a storm of failures cannot flood the
 * actuators. The wait is the longer of the two (client-go's default pairing).
 */
export interface RateLimiterOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Overall retries per second (default 50). */
  overallPerSecond?: number;
  /** Overall burst (default 500). */
  overallBurst?: number;
}

export class RateLimiter<Key> {
  private readonly failures = new Map<Key, number>();
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly perSecond: number;
  private readonly burst: number;
  private tokens: number;
  private lastRefill: number | undefined;

  constructor(options: RateLimiterOptions = {}) {
    this.baseDelayMs = options.baseDelayMs ?? 5;
    this.maxDelayMs = options.maxDelayMs ?? 1_000_000;
    this.perSecond = options.overallPerSecond ?? 50;
    this.burst = options.overallBurst ?? 500;
    this.tokens = this.burst;
  }

  /** The delay before `key`'s next try, counting this failure. */
  when(key: Key, now: number): number {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    const perItem = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(failures, 60));
    return Math.max(perItem, this.reserveOverall(now));
  }

  /** Forgets `key`'s failures once it succeeds. */
  forget(key: Key): void {
    this.failures.delete(key);
  }

  failureCount(key: Key): number {
    return this.failures.get(key) ?? 0;
  }

  private reserveOverall(now: number): number {
    if (this.lastRefill !== undefined) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastRefill) / 1000) * this.perSecond);
    }
    this.lastRefill = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.perSecond) * 1000);
  }
}
