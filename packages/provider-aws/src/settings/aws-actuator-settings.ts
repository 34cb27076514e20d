/**
 * What `createAwsActuator` takes. Every field is optional and falls back to the
 * AWS SDK's own chain; the names shared with the other providers (clock,
 * random, maxAttempts, rateLimits, environment, describeIntervalMs, clients)
 * mean the same thing everywhere (docs/decisions/0009-one-provider-shape.md).
 */
import type { ClockV1 } from '@slipway/core';
import type { Ec2ActionClass, TokenBucketSettings } from '@slipway/provider-utils';
import type { AwsSdkClients, Ec2ClientConfiguration } from '../api/aws-sdk-clients.js';

export interface AwsActuatorSettings {
  /** Default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region. */
  region?: string;
  /** Static keys or a provider function; default the SDK's standard credential chain. */
  credentials?: Ec2ClientConfiguration['credentials'];
  /** The EC2 endpoint (and ELBv2's unless `loadBalancingEndpoint` is given); default AWS_ENDPOINT_URL_EC2 or the public one. */
  endpoint?: string;
  loadBalancingEndpoint?: string;
  /**
   * Ready SDK clients; each one given replaces the one built from the settings above
   * and still goes through the provider's limiter, retries and statistics. Build them
   * with `maxAttempts: 1` (the provider refuses clients that retry on their own), and
   * destroy them yourself: `close()` releases only the clients it built.
   */
  clients?: Partial<AwsSdkClients>;
  /** The clock of the rate limiter, backoff and caches; tests and benchmarks share the emulator's. */
  clock?: ClockV1;
  /** Client-side EC2 buckets; default EC2's published refill rates with bursts kept clear of network jitter (`ec2ClientRateLimits`). */
  rateLimits?: Record<Ec2ActionClass, TokenBucketSettings>;
  /** How old a cluster's instance listing may be and still answer; default 10 s. */
  describeIntervalMs?: number;
  /** How soon a cluster delete still waiting on the cloud (instances, NAT gateway) asks to be called again; default 15 s. An emulated cloud with a fast clock wants less. */
  clusterDeleteRequeueMs?: number;
  /** Attempts per API call, the first included; default 6. */
  maxAttempts?: number;
  /** The first backoff ceiling, doubled per attempt; default 200 ms. */
  retryBaseDelayMs?: number;
  /** Uniform in [0, 1) for backoff jitter; injectable so tests are exact. */
  random?: () => number;
  /** Where to read the variables; default process.env. */
  environment?: Record<string, string | undefined>;
}
