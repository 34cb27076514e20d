import type { TokenBucketSettings } from './token-bucket.js';

/**
 * The published API rate limits of each cloud, as token buckets. A provider's
 * limiter uses the same numbers the cloud enforces, so bursts wait client-side.
 */
export const apiRateLimits = {
  /** EC2 request token buckets per account and Region (RunInstances has its own). */
  ec2: {
    runInstances: { capacity: 5, refillPerSecond: 2 },
    mutating: { capacity: 50, refillPerSecond: 5 },
    nonMutating: { capacity: 100, refillPerSecond: 20 },
  },
  /** Azure Resource Manager buckets per security principal. */
  azureResourceManager: {
    reads: { capacity: 250, refillPerSecond: 25 },
    writes: { capacity: 200, refillPerSecond: 10 },
  },
  /** Compute Engine API: 1,500 requests per minute per project. */
  gce: {
    requests: { capacity: 1500, refillPerSecond: 25 },
  },
} as const satisfies Record<string, Record<string, TokenBucketSettings>>;

export type Ec2ActionClass = keyof typeof apiRateLimits.ec2;

/** Which EC2 bucket an action draws from: RunInstances alone, then reads, then everything else. */
export function classifyEc2Action(action: string): Ec2ActionClass {
  if (action === 'RunInstances') return 'runInstances';
  if (/^(Describe|Get|List)/.test(action)) return 'nonMutating';
  return 'mutating';
}

export type AzureResourceManagerActionClass = keyof typeof apiRateLimits.azureResourceManager;

/** ARM counts GETs (and HEADs) as reads, every other method as a write. */
export function classifyAzureResourceManagerMethod(method: string): AzureResourceManagerActionClass {
  const upper = method.toUpperCase();
  return upper === 'GET' || upper === 'HEAD' ? 'reads' : 'writes';
}
