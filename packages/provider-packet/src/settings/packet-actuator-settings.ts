/** Everything `createPacketActuator` accepts; every field optional (see packet-environment.ts for the fallbacks). */
import type { ClockV1 } from '@slipway/core';
import type { TokenBucketSettings } from '@slipway/provider-utils';
import type { PacketSdkClients } from '../api/packet-sdk-clients.js';

export interface PacketActuatorSettings {
  /** The API's base URL, `https://…/metal/v1`; default METAL_API_URL. There is no built-in default. */
  baseUrl?: string;
  /** The API token sent as X-Auth-Token; default METAL_AUTH_TOKEN, then PACKET_API_KEY. */
  token?: string;
  /** The project devices are created in; default METAL_PROJECT_ID. A Machine's or Cluster's providerSpec may name another. */
  projectId?: string;
  /** Ready clients (an openapi-fetch client of the Metal API); they still go through the provider's limiter, retries and error mapping. */
  clients?: Partial<PacketSdkClients>;
  /** The clock of rate limiting, retries and listings; default the system clock. */
  clock?: ClockV1;
  /** Uniform in [0, 1), for backoff jitter; default Math.random. */
  random?: () => number;
  /** Attempts per API call for retryable errors, the first included; default 6. */
  maxAttempts?: number;
  /** The first retry backoff ceiling; default 500 ms. */
  retryBaseDelayMs?: number;
  /** The client-side token bucket; default a burst of 10, then 5 a second (packetRateLimits). */
  rateLimits?: TokenBucketSettings;
  /** How old a cluster's device listing may be and still answer `exists`; default 10 seconds. */
  describeIntervalMs?: number;
  /** Devices per page of listings; default 1,000, the most the API pages. */
  listPageSize?: number;
  /** Where environment fallbacks are read; default process.env. */
  environment?: Record<string, string | undefined>;
}
