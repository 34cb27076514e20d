/**
 * The request limit the Metal emulator enforces when `faults.throttle(true)` is on.
 * The Metal API answered bursts with 429 and Retry-After but never published its
 * numbers; this bucket (a burst of 20, 5 requests a second after it) is a
 * conservative reading that the provider's client-side limiter shares, so a burst
 * waits on the client instead of ending in 429 answers.
 */
import type { ThrottlingPolicy } from '../faults/fault-switchboard.js';
import type { TokenBucketLimits } from '../faults/token-bucket.js';

export const metalRequestLimits: TokenBucketLimits = { capacity: 20, refillPerSecond: 5 };

export function createMetalThrottlingPolicy(limits: TokenBucketLimits = metalRequestLimits): ThrottlingPolicy {
  return () => ({ bucket: 'requests', limits });
}
