/**
 * Remembers the answers of read-only lookups (an AMI by filters, a subnet by
 * tags) for a while, and lets concurrent callers share one call: a burst of a
 * thousand machines with the same providerSpec costs one DescribeImages, not a
 * thousand. Failures are not remembered.
 */
import type { ClockV1 } from '@slipway/core';

export class CachedLookup<Value> {
  private readonly entries = new Map<string, { at: number; value: Promise<Value> }>();
  private readonly clock: ClockV1;
  private readonly timeToLiveMs: number;

  constructor(clock: ClockV1, timeToLiveMs: number) {
    this.clock = clock;
    this.timeToLiveMs = timeToLiveMs;
  }

  get(key: string, load: () => Promise<Value>): Promise<Value> {
    const now = this.clock.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.at < this.timeToLiveMs) return entry.value;
    const value = load();
    this.entries.set(key, { at: now, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
