/**
 * The client-side bucket the provider paces Compute calls with: Compute Engine's
 * published 1,500 requests per minute per project (provider-utils' presets).
 * One bucket for every method, as Google counts them.
 */
import { apiRateLimits, type TokenBucketSettings } from '@slipway/provider-utils';

export const gcpClientRateLimits: Readonly<Record<'requests', TokenBucketSettings>> = apiRateLimits.gce;
