/**
 * Builds the AWS Machine and Cluster actuators. Every setting is optional and
 * falls back to the AWS SDK's own chain: region from AWS_REGION (or
 * AWS_DEFAULT_REGION, or the profile), credentials from the standard chain
 * (environment, AWS_PROFILE, SSO, instance or container roles), endpoints from
 * AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2. Tests pass
 * the emulator's endpoint, or their own SDK clients.
 */
import type { ProviderActuatorsV1 } from '@slipway/core';
import { RateLimiter, createEc2RateLimiter, settingsFromEnvironment, systemClock } from '@slipway/provider-utils';
import { AwsApiClient } from './api/aws-api-client.js';
import { ec2ClientRateLimits, loadBalancingClientRateLimits } from './api/aws-rate-limits.js';
import { createAwsSdkClients } from './api/aws-sdk-clients.js';
import { AwsClusterActuator } from './cluster/aws-cluster-actuator.js';
import { AwsMachineActuator } from './machine/aws-machine-actuator.js';
import type { AwsActuatorSettings } from './settings/aws-actuator-settings.js';
import { awsEnvironmentSpecification } from './settings/aws-environment.js';

export interface AwsActuators extends ProviderActuatorsV1 {
  machine: AwsMachineActuator;
  cluster: AwsClusterActuator;
  /** The shared API client: call counts by action, the SDK clients. */
  api: AwsApiClient;
}

export function createAwsActuator(settings: AwsActuatorSettings = {}): AwsActuators {
  const fromEnvironment = settingsFromEnvironment(awsEnvironmentSpecification, settings.environment ?? process.env);
  const region = settings.region ?? fromEnvironment.region?.value;
  const clock = settings.clock ?? systemClock;
  const clients = createAwsSdkClients(
    {
      ...(region !== undefined ? { region } : {}),
      ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
      ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
      ...(settings.loadBalancingEndpoint !== undefined ? { loadBalancingEndpoint: settings.loadBalancingEndpoint } : {}),
    },
    settings.clients,
  );
  const api = new AwsApiClient({
    clients,
    ec2Limiter: createEc2RateLimiter({ clock, limits: settings.rateLimits ?? ec2ClientRateLimits }),
    loadBalancingLimiter: new RateLimiter(loadBalancingClientRateLimits, () => 'requests', clock),
    clock,
    ...(settings.maxAttempts !== undefined ? { maxAttempts: settings.maxAttempts } : {}),
    ...(settings.retryBaseDelayMs !== undefined ? { baseDelayMs: settings.retryBaseDelayMs } : {}),
    ...(settings.random !== undefined ? { random: settings.random } : {}),
  });
  const machine = new AwsMachineActuator({ api, clock, ...(settings.describeIntervalMs !== undefined ? { describeIntervalMs: settings.describeIntervalMs } : {}) });
  const cluster = new AwsClusterActuator({
    api,
    region: () => clients.ec2.config.region(),
    ...(settings.clusterDeleteRequeueMs !== undefined ? { deleteRequeueMs: settings.clusterDeleteRequeueMs } : {}),
  });
  return {
    machine,
    cluster,
    api,
    statistics: () => api.statistics(),
    close: async () => clients.close(),
  };
}
