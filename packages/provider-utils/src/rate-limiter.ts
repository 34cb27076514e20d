import { TerminalError, type ClockV1 } from '@slipway/core';
import {
  apiRateLimits,
  classifyAzureResourceManagerMethod,
  classifyEc2Action,
  type AzureResourceManagerActionClass,
  type Ec2ActionClass,
} from './api-rate-limits.js';
import { systemClock } from './system-clock.js';
import { TokenBucket, type TokenBucketSettings } from './token-bucket.js';

/**
 * Named token buckets and a rule that says which bucket an API action draws
 * from. A provider wraps every cloud call in `acquire(action)`.
 */
export class RateLimiter<Bucket extends string = string> {
  private readonly buckets: Map<Bucket, TokenBucket>;
  private readonly classify: (action: string) => Bucket;
  private readonly waits = new Map<Bucket, number>();

  constructor(settings: Record<Bucket, TokenBucketSettings>, classify: (action: string) => Bucket, clock: ClockV1 = systemClock) {
    this.classify = classify;
    this.buckets = new Map(
      (Object.entries(settings) as [Bucket, TokenBucketSettings][]).map(([name, bucket]) => [name, new TokenBucket(bucket, clock)]),
    );
  }

  /** Waits for a token of the action's bucket. */
  async acquire(action: string, signal?: AbortSignal): Promise<void> {
    const name = this.classify(action);
    const bucket = this.buckets.get(name);
    if (!bucket) throw new TerminalError('InvalidConfiguration', `no rate-limit bucket "${name}" for action ${action}; the provider's rateLimits setting must define the buckets ${[...this.buckets.keys()].join(', ')} and "${name}"`);
    if (bucket.available() < 1) this.waits.set(name, (this.waits.get(name) ?? 0) + 1);
    await bucket.take(signal);
  }

  bucket(name: Bucket): TokenBucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new TerminalError('InvalidConfiguration', `no rate-limit bucket "${name}"; the limiter has ${[...this.buckets.keys()].join(', ')}`);
    return bucket;
  }

  /** How many acquisitions had to wait, per bucket: the bursts the limiter absorbed. */
  waitCounts(): Record<string, number> {
    return Object.fromEntries(this.waits);
  }
}

export function createEc2RateLimiter(options: { clock?: ClockV1; limits?: Record<Ec2ActionClass, TokenBucketSettings> } = {}): RateLimiter<Ec2ActionClass> {
  return new RateLimiter(options.limits ?? apiRateLimits.ec2, classifyEc2Action, options.clock);
}

/** Keyed by HTTP method: `acquire('GET')`, `acquire('PUT')`. */
export function createAzureResourceManagerRateLimiter(
  options: { clock?: ClockV1; limits?: Record<AzureResourceManagerActionClass, TokenBucketSettings> } = {},
): RateLimiter<AzureResourceManagerActionClass> {
  return new RateLimiter(options.limits ?? apiRateLimits.azureResourceManager, classifyAzureResourceManagerMethod, options.clock);
}

export function createGceRateLimiter(options: { clock?: ClockV1; limits?: Record<'requests', TokenBucketSettings> } = {}): RateLimiter<'requests'> {
  return new RateLimiter(options.limits ?? apiRateLimits.gce, () => 'requests', options.clock);
}
