/**
 * The client-side buckets the provider paces EC2 calls with: EC2's published
 * refill rates, with a burst smaller than EC2's by what two seconds of refill
 * would add. Requests leave on schedule but arrive with network jitter; a
 * bunch that arrives together finds the server's bucket still holding that
 * headroom instead of empty. It costs the first burst a few requests: 1,000
 * launches take (1000 − 1) / 2 s instead of (1000 − 5) / 2 s, 0.4 % more.
 */
import { apiRateLimits, type Ec2ActionClass, type TokenBucketSettings } from '@slipway/provider-utils';

/** Seconds of arrival jitter the server-side bucket can absorb. */
export const jitterHeadroomSeconds = 2;

export function withJitterHeadroom(limits: Readonly<Record<Ec2ActionClass, TokenBucketSettings>>, seconds = jitterHeadroomSeconds): Record<Ec2ActionClass, TokenBucketSettings> {
  const paced = {} as Record<Ec2ActionClass, TokenBucketSettings>;
  for (const [name, bucket] of Object.entries(limits) as [Ec2ActionClass, TokenBucketSettings][]) {
    paced[name] = { capacity: Math.max(1, Math.floor(bucket.capacity - seconds * bucket.refillPerSecond)), refillPerSecond: bucket.refillPerSecond };
  }
  return paced;
}

export const ec2ClientRateLimits: Readonly<Record<Ec2ActionClass, TokenBucketSettings>> = withJitterHeadroom(apiRateLimits.ec2);

/** ELBv2 publishes no per-action buckets; a conservative shared one keeps bursts polite. */
export const loadBalancingClientRateLimits: Readonly<Record<'requests', TokenBucketSettings>> = { requests: { capacity: 20, refillPerSecond: 5 } };
