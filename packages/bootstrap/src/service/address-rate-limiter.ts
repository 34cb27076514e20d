/**
 * A token bucket per key: a source address, or a Machine UID for calls that
 * authenticated. Joining is cheap for an attacker to
 * attempt and costs a signature check to refuse, so each address gets a
 * steady rate with a burst; an empty bucket answers 429 with Retry-After.
 */
export interface AddressRateLimiterOptions {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Bucket size: requests one address may make at once. */
  burst: number;
  clock: { now(): number };
  /** Buckets idle this long are forgotten, so the map cannot grow without bound. */
  idleForgetMs?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class AddressRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(private readonly options: AddressRateLimiterOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError(`rateLimit.ratePerSecond must be above 0 (got ${options.ratePerSecond})`);
    if (!(options.burst >= 1)) throw new RangeError(`rateLimit.burst must be at least 1 (got ${options.burst})`);
  }

  /** Takes one token for `address`: 0 when allowed, else the milliseconds to wait. */
  take(address: string): number {
    const now = this.options.clock.now();
    this.sweep(now);
    const bucket = this.buckets.get(address) ?? { tokens: this.options.burst, updatedAt: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.options.ratePerSecond);
    bucket.updatedAt = now;
    this.buckets.set(address, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.options.ratePerSecond) * 1000);
  }

  /** Milliseconds until `address` could take a token, without taking one (0: it could now). */
  waitFor(address: string): number {
    const bucket = this.buckets.get(address);
    if (!bucket) return 0;
    const tokens = Math.min(this.options.burst, bucket.tokens + ((this.options.clock.now() - bucket.updatedAt) / 1000) * this.options.ratePerSecond);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.options.ratePerSecond) * 1000);
  }

  private sweep(now: number): void {
    const idleForgetMs = this.options.idleForgetMs ?? 10 * 60 * 1000;
    if (now - this.lastSweep < idleForgetMs) return;
    this.lastSweep = now;
    for (const [address, bucket] of this.buckets) if (now - bucket.updatedAt > idleForgetMs) this.buckets.delete(address);
  }
}
