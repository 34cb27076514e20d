/**
 * Compute Engine's published API rate limit as the emulator enforces it: one
 * per-project bucket of 1,500 requests per minute (refilled at 25 a second).
 * The provider's client-side limiter uses the same numbers, so a burst waits on
 * the client instead of ending in rateLimitExceeded answers.
 */
import type { ThrottlingPolicy } from '../faults/fault-switchboard.js';
import type { TokenBucketLimits } from '../faults/token-bucket.js';

export const gcePublishedRequestLimits: TokenBucketLimits = { capacity: 1500, refillPerSecond: 25 };

export function createGceThrottlingPolicy(limits: TokenBucketLimits = gcePublishedRequestLimits): ThrottlingPolicy {
  return () => ({ bucket: 'requests', limits });
}
