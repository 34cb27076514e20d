/**
 * The client-side bucket every Metal call waits on. The Metal API answered
 * bursts with 429 and Retry-After without publishing its numbers; the emulator
 * enforces a conservative reading (a burst of 20, then 5 requests a second,
 * `metalRequestLimits`). The client refills at that rate but bursts only half as
 * much: requests released evenly here can arrive bunched there (connection
 * set-up, a busy event loop, the network), and the other half of the server's
 * burst absorbs that, so a burst waits here instead of being throttled there.
 */
import { RateLimiter, type TokenBucketSettings } from '@slipway/provider-utils';
import type { ClockV1 } from '@slipway/core';

export const packetRateLimits: TokenBucketSettings = { capacity: 10, refillPerSecond: 5 };

export function createPacketRateLimiter(options: { clock?: ClockV1; limits?: TokenBucketSettings } = {}): RateLimiter<'requests'> {
  return new RateLimiter({ requests: options.limits ?? packetRateLimits }, () => 'requests', options.clock);
}
