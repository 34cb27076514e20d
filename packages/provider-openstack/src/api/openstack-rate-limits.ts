/**
 * Client-side token buckets, one per OpenStack service. OpenStack publishes no
 * API limits (operators set them in a rate-limiting middleware or proxy), so the
 * defaults are a modest private cloud's, the same numbers the emulator enforces
 * when throttling is switched on; raise them in `settings.rateLimits` for a
 * cloud that allows more.
 */
import type { ClockV1 } from '@slipway/core';
import { RateLimiter, type TokenBucketSettings } from '@slipway/provider-utils';
import type { OpenStackServiceType } from '../settings/openstack-actuator-settings.js';

export const openStackRateLimits: Readonly<Record<OpenStackServiceType, TokenBucketSettings>> = {
  identity: { capacity: 20, refillPerSecond: 5 },
  compute: { capacity: 50, refillPerSecond: 10 },
  network: { capacity: 100, refillPerSecond: 20 },
  'load-balancer': { capacity: 20, refillPerSecond: 5 },
  image: { capacity: 50, refillPerSecond: 10 },
};

/** Operations are named `<service>.<collection>.<verb>`; the service picks the bucket. */
export function openStackServiceOf(operation: string): OpenStackServiceType {
  const service = operation.slice(0, operation.indexOf('.'));
  if (service in openStackRateLimits) return service as OpenStackServiceType;
  throw new RangeError(`operation "${operation}" does not start with an OpenStack service type`);
}

export function createOpenStackRateLimiter(options: { clock?: ClockV1; limits?: Partial<Record<OpenStackServiceType, TokenBucketSettings>> } = {}): RateLimiter<OpenStackServiceType> {
  return new RateLimiter({ ...openStackRateLimits, ...options.limits }, openStackServiceOf, options.clock);
}
