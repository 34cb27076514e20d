/**
 * Request buckets for an emulated OpenStack, one per service. OpenStack itself
 * publishes no API rate limits: operators set them in a rate-limiting middleware
 * or a proxy in front of the APIs. These are a modest private cloud's settings;
 * the provider's client-side limiter defaults to the same numbers, so a burst
 * waits on the client instead of ending in 429 answers.
 */
import type { ThrottlingPolicy } from '../faults/fault-switchboard.js';
import type { TokenBucketLimits } from '../faults/token-bucket.js';

export const openStackDefaultRequestLimits: Readonly<Record<string, TokenBucketLimits>> = {
  identity: { capacity: 20, refillPerSecond: 5 },
  compute: { capacity: 50, refillPerSecond: 10 },
  network: { capacity: 100, refillPerSecond: 20 },
  'load-balancer': { capacity: 20, refillPerSecond: 5 },
  image: { capacity: 50, refillPerSecond: 10 },
};

/** Buckets by the service part of the action (`compute.servers.create` draws from `compute`). */
export function createOpenStackThrottlingPolicy(limits: Readonly<Record<string, TokenBucketLimits>> = openStackDefaultRequestLimits): ThrottlingPolicy {
  return (action) => {
    const service = action.slice(0, action.indexOf('.'));
    return { bucket: service, limits: limits[service] ?? limits['compute']! };
  };
}
