/**
 * The client-side buckets: ARM's published refill rates, with 50 tokens less
 * burst than ARM's buckets hold. Requests reach Azure a little after they take
 * their token, and not all equally late; when both buckets run empty under a
 * sustained burst, that jitter alone would make Azure refuse some. The spare
 * tokens absorb up to five seconds of it for writes (50 at 10 a second).
 */
import { apiRateLimits, type AzureResourceManagerActionClass, type TokenBucketSettings } from '@slipway/provider-utils';

export const azureClientRateLimits: Record<AzureResourceManagerActionClass, TokenBucketSettings> = {
  reads: { ...apiRateLimits.azureResourceManager.reads, capacity: apiRateLimits.azureResourceManager.reads.capacity - 50 },
  writes: { ...apiRateLimits.azureResourceManager.writes, capacity: apiRateLimits.azureResourceManager.writes.capacity - 50 },
};
