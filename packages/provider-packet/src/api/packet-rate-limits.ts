/**
 * The client-side bucket every Metal call waits on. The Metal API answered
 * bursts with 429 and Retry-After without publishing its numbers; a burst of 20
 * and 5 requests a second after it is a conservative reading, and the emulator
 * enforces the same bucket, so a burst waits here instead of being throttled there.
 */
import { RateLimiter, type TokenBucketSettings } from '@slipway/provider-utils';
import type { ClockV1 } from '@slipway/core';

export const packetRateLimits: TokenBucketSettings = { capacity: 20, refillPerSecond: 5 };

export function createPacketRateLimiter(options: { clock?: ClockV1; limits?: TokenBucketSettings } = {}): RateLimiter<'requests'> {
  return new RateLimiter({ requests: options.limits ?? packetRateLimits }, () => 'requests', options.clock);
}
