/**
 * EC2's request rate limits per account and Region, as the emulator enforces
 * them when throttling is switched on (`faults.throttle(true)`): RunInstances
 * has its own small bucket, other mutating actions share one, reads share
 * another. A request that finds its bucket empty gets RequestLimitExceeded.
 */
import type { ThrottlingPolicy } from '../faults/fault-switchboard.js';
import type { TokenBucketLimits } from '../faults/token-bucket.js';

export type Ec2RequestBucketName = 'runInstances' | 'mutating' | 'nonMutating';

export const ec2PublishedRequestBuckets: Readonly<Record<Ec2RequestBucketName, TokenBucketLimits>> = {
  runInstances: { capacity: 5, refillPerSecond: 2 },
  mutating: { capacity: 50, refillPerSecond: 5 },
  nonMutating: { capacity: 100, refillPerSecond: 20 },
};

export function ec2RequestBucketOf(action: string): Ec2RequestBucketName {
  if (action === 'RunInstances') return 'runInstances';
  return /^(Describe|Get|List)/.test(action) ? 'nonMutating' : 'mutating';
}

/** ELBv2 actions (prefixed `elbv2:` in the call log) share one generous bucket of their own. */
export function createAwsThrottlingPolicy(buckets: Readonly<Record<Ec2RequestBucketName, TokenBucketLimits>> = ec2PublishedRequestBuckets): ThrottlingPolicy {
  return (action) => {
    if (action.startsWith('elbv2:')) return { bucket: 'elbv2', limits: { capacity: 40, refillPerSecond: 10 } };
    const bucket = ec2RequestBucketOf(action);
    return { bucket, limits: buckets[bucket] };
  };
}
