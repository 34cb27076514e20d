/**
 * What `createGcpActuator` takes. Every field is optional and falls back the way
 * Google's own tools do (settings/gcp-environment.ts); the names shared with the
 * other providers (clock, random, maxAttempts, rateLimits, environment,
 * describeIntervalMs, clients) mean the same thing everywhere
 * (docs/decisions/0009-one-provider-shape.md).
 */
import type { ClockV1 } from '@slipway/core';
import type { RateLimiter, TokenBucketSettings } from '@slipway/provider-utils';
import type { AuthClient } from 'google-auth-library';
import type { GcpSdkClients, GcpServiceAccountKey } from '../api/gcp-sdk-clients.js';

export interface GcpActuatorSettings {
  /** The project; default GOOGLE_CLOUD_PROJECT, CLOUDSDK_CORE_PROJECT, then the credentials' own project. A Cluster's providerSpec may name another. */
  projectId?: string;
  /** A service account key (the parsed JSON file); default Application Default Credentials. */
  credentials?: GcpServiceAccountKey;
  /** A service account key file; default GOOGLE_APPLICATION_CREDENTIALS through Application Default Credentials. */
  keyFilename?: string;
  /** A ready auth client (impersonation, workload identity federation, or a PassThroughClient for emulators). */
  authClient?: AuthClient;
  /** Host or URL of the Compute API (`http://127.0.0.1:8080` for an emulator); default the public endpoint. Plain HTTP never carries credentials. */
  apiEndpoint?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /**
   * Ready SDK clients; each one given replaces the one built from the settings above
   * and still goes through the provider's limiter, retries and statistics. Build them
   * with `clientConfig: withoutSdkRetries(...)` so no call is retried twice over; they
   * belong to the caller, and `close()` leaves them open.
   */
  clients?: Partial<GcpSdkClients>;
  /** The clock of rate limiting and retries; the controller's clock drives waits. Default the system clock. */
  clock?: ClockV1;
  /** The client-side bucket; default Compute's published 1,500 requests per minute (`gcpClientRateLimits`). */
  rateLimits?: Record<'requests', TokenBucketSettings>;
  /** A ready limiter, shared between actuators of one project; wins over `rateLimits`. */
  limiter?: RateLimiter<'requests'>;
  /** How long one call waits for an operation before handing back to the controller; default 10 minutes. */
  operationTimeoutMs?: number;
  /** How old a zone's instance listing may be and still answer `exists`; default 10 seconds. */
  describeIntervalMs?: number;
  /** Items per page of list calls; default 500, the API's maximum. */
  listPageSize?: number;
  /** Attempts per API call for retryable errors, the first included; default 6. */
  maxAttempts?: number;
  /** The first retry backoff ceiling; default 500 ms. */
  retryBaseDelayMs?: number;
  /** Uniform in [0, 1) for backoff jitter; injectable so tests are exact. */
  random?: () => number;
  /** Where environment fallbacks are read; default process.env. */
  environment?: Record<string, string | undefined>;
}
