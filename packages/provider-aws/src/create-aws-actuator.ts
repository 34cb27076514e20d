/**
 * Builds the AWS Machine and Cluster actuators. Every setting is optional and
 * falls back to the AWS SDK's own chain: region from AWS_REGION (or
 * AWS_DEFAULT_REGION, or the profile), credentials from the standard chain
 * (environment, AWS_PROFILE, SSO, instance or container roles), endpoints from
 * AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2. Tests pass
 * the emulator's endpoint, or their own SDK clients.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ClockV1, ProviderActuatorsV1 } from '@slipway/core';
import {
  RateLimiter,
  createEc2RateLimiter,
  environmentVariablesOf,
  settingsFromEnvironment,
  systemClock,
  type Ec2ActionClass,
  type TokenBucketSettings,
} from '@slipway/provider-utils';
import { AwsApiClient } from './aws-api-client.js';
import { AwsClusterActuator } from './aws-cluster-actuator.js';
import { AwsMachineActuator } from './aws-machine-actuator.js';
import { ec2ClientRateLimits } from './client-rate-limits.js';

type Ec2ClientConfiguration = NonNullable<ConstructorParameters<typeof EC2Client>[0]>;

export interface AwsActuatorSettings {
  /** Default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region. */
  region?: string;
  /** Static keys or a provider function; default the SDK's standard credential chain. */
  credentials?: Ec2ClientConfiguration['credentials'];
  /** The EC2 endpoint (and ELBv2's unless `loadBalancingEndpoint` is given); default AWS_ENDPOINT_URL_EC2 or the public one. */
  endpoint?: string;
  loadBalancingEndpoint?: string;
  /** A ready EC2 client (its own retries, region, endpoint); wins over the settings above. */
  client?: EC2Client;
  loadBalancingClient?: ElasticLoadBalancingV2Client;
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
  /** Uniform in [0, 1) for backoff jitter; injectable so tests are exact. */
  random?: () => number;
}

export interface AwsActuators extends ProviderActuatorsV1 {
  machine: AwsMachineActuator;
  cluster: AwsClusterActuator;
  /** The shared API client: call counts by action, the SDK clients. */
  api: AwsApiClient;
}

/** Where the AWS provider reads its settings; the SDK reads more (see its docs). */
export const awsEnvironmentSpecification = {
  region: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
  profile: ['AWS_PROFILE'],
  accessKeyId: ['AWS_ACCESS_KEY_ID'],
  secretAccessKey: ['AWS_SECRET_ACCESS_KEY'],
  sessionToken: ['AWS_SESSION_TOKEN'],
  ec2Endpoint: ['AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL'],
  loadBalancingEndpoint: ['AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2', 'AWS_ENDPOINT_URL'],
} as const;

export const awsEnvironmentVariables: readonly string[] = environmentVariablesOf(awsEnvironmentSpecification);

/** ELBv2 publishes no per-action buckets; a conservative shared one keeps bursts polite. */
const loadBalancingRequestBucket: TokenBucketSettings = { capacity: 20, refillPerSecond: 5 };

export function createAwsActuator(settings: AwsActuatorSettings = {}, environment: Record<string, string | undefined> = process.env): AwsActuators {
  const fromEnvironment = settingsFromEnvironment(awsEnvironmentSpecification, environment);
  const region = settings.region ?? fromEnvironment.region?.value;
  const clock = settings.clock ?? systemClock;
  // Our own retries run through the token buckets; the SDK's would bypass them.
  // Keep-alive sockets without Nagle's algorithm: a request's headers and body
  // otherwise wait on a delayed ACK (tens of ms), and jittery latency bunches
  // paced requests into bursts the server's bucket may refuse.
  const connection = { keepAlive: true, maxSockets: 50, noDelay: true };
  const common = {
    ...(region !== undefined ? { region } : {}),
    ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
    maxAttempts: 1,
    requestHandler: { httpAgent: new HttpAgent(connection), httpsAgent: new HttpsAgent(connection) },
  };
  const ec2 =
    settings.client ??
    new EC2Client({ ...common, ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}) });
  const loadBalancingEndpoint = settings.loadBalancingEndpoint ?? settings.endpoint;
  const loadBalancing =
    settings.loadBalancingClient ??
    new ElasticLoadBalancingV2Client({ ...common, ...(loadBalancingEndpoint !== undefined ? { endpoint: loadBalancingEndpoint } : {}) });

  const api = new AwsApiClient({
    ec2,
    loadBalancing,
    ec2Limiter: createEc2RateLimiter({ clock, limits: settings.rateLimits ?? ec2ClientRateLimits }),
    loadBalancingLimiter: new RateLimiter({ requests: loadBalancingRequestBucket }, () => 'requests', clock),
    clock,
    ...(settings.maxAttempts !== undefined ? { maxAttempts: settings.maxAttempts } : {}),
    ...(settings.random !== undefined ? { random: settings.random } : {}),
  });
  const machine = new AwsMachineActuator({ api, clock, ...(settings.describeIntervalMs !== undefined ? { describeIntervalMs: settings.describeIntervalMs } : {}) });
  const cluster = new AwsClusterActuator({
    api,
    region: () => ec2.config.region(),
    ...(settings.clusterDeleteRequeueMs !== undefined ? { deleteRequeueMs: settings.clusterDeleteRequeueMs } : {}),
  });
  let closed = false;
  return {
    machine,
    cluster,
    api,
    statistics: () => api.statistics(),
    close: async () => {
      if (closed) return;
      closed = true;
      // Only what this factory built: injected clients belong to the caller.
      if (settings.client === undefined) ec2.destroy();
      if (settings.loadBalancingClient === undefined) loadBalancing.destroy();
    },
  };
}
