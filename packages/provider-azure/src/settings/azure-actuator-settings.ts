/**
 * What `createAzureActuator` takes. Every field is optional and falls back to
 * Azure's standard environment (settings/azure-environment.ts); the names shared
 * with the other providers (clock, random, maxAttempts, rateLimits, environment,
 * describeIntervalMs, clients) mean the same thing everywhere
 * (docs/decisions/0009-one-provider-shape.md).
 */
import type { TokenCredential } from '@azure/core-auth';
import type { ClockV1 } from '@slipway/core';
import type { AzureResourceManagerActionClass, TokenBucketSettings } from '@slipway/provider-utils';
import type { AzureSdkClients } from '../api/azure-sdk-clients.js';

export interface AzureActuatorSettings {
  /** Default: AZURE_SUBSCRIPTION_ID. */
  subscriptionId?: string;
  /** Default: DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, ...). */
  credential?: TokenCredential;
  /** Resource Manager endpoint; default https://management.azure.com (sovereign clouds and the emulator differ). */
  endpoint?: string;
  /** PEM certificate authority trusted for `endpoint` only (the emulator's); never disables verification. */
  certificateAuthority?: string;
  /**
   * Ready SDK clients (custom pipelines, tests); each one given replaces the one built
   * from `endpoint`, `credential` and `certificateAuthority`, and still goes through
   * the provider's limiter, retries and statistics: the provider puts its policy into
   * their pipelines and removes their own retry policy. They belong to the caller.
   */
  clients?: Partial<AzureSdkClients>;
  /** The clock of the token buckets, retries and the describer; default the system clock. */
  clock?: ClockV1;
  /** How old a VM listing may be and still answer exists; default 10 000 ms. */
  describeIntervalMs?: number;
  /** Poll interval of long-running operations when Azure names no Retry-After; default 2 000 ms. */
  pollIntervalMs?: number;
  /** Attempts per request on 429, 408, 5xx and dropped connections, the first included; default 4. */
  maxAttempts?: number;
  /** The first retry backoff ceiling in ms, doubled per attempt; default 800. */
  retryBaseDelayMs?: number;
  /** Uniform in [0, 1) for backoff jitter; injectable so tests are exact. */
  random?: () => number;
  /** Client-side buckets; default `azureClientRateLimits`: ARM's published rates (reads 25/s, writes 10/s) with bursts of 200 and 150, 50 under ARM's. */
  rateLimits?: Record<AzureResourceManagerActionClass, TokenBucketSettings>;
  /** Where to read the variables; default process.env. */
  environment?: Record<string, string | undefined>;
}
