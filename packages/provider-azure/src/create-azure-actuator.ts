/**
 * Builds the Azure machine and cluster actuators. Every setting is optional and
 * falls back to Azure's standard environment; tests pass the emulator's
 * endpoint and certificate authority with a stub credential.
 */
import { TerminalError, type ProviderActuatorsV1 } from '@slipway/core';
import { createAzureResourceManagerRateLimiter, invalidSettingError, settingsFromEnvironment, systemClock } from '@slipway/provider-utils';
import { AzureApiClient } from './api/azure-api-client.js';
import { azureClientRateLimits } from './api/azure-rate-limits.js';
import { createAzureSdkClients } from './api/azure-sdk-clients.js';
import { lazyDefaultAzureCredential } from './api/lazy-default-azure-credential.js';
import { AzureClusterActuator } from './cluster/azure-cluster-actuator.js';
import { AzureMachineActuator } from './machine/azure-machine-actuator.js';
import { createVirtualMachineDescriber } from './machine/azure-virtual-machine-describer.js';
import { unusableSshPublicKey } from './machine/unusable-ssh-public-key.js';
import type { AzureActuatorSettings } from './settings/azure-actuator-settings.js';
import { azureEnvironmentSpecification } from './settings/azure-environment.js';

export interface AzureActuators extends ProviderActuatorsV1 {
  machine: AzureMachineActuator;
  cluster: AzureClusterActuator;
  /** The client every request goes through: the SDK clients, call counts, retries. */
  api: AzureApiClient;
}

export function createAzureActuator(settings: AzureActuatorSettings = {}): AzureActuators {
  const environment = settingsFromEnvironment(azureEnvironmentSpecification, settings.environment ?? process.env);
  const subscriptionId = settings.subscriptionId ?? environment.subscriptionId?.value;
  if (!subscriptionId) {
    throw new TerminalError(
      'InvalidConfiguration',
      'createAzureActuator: no subscription id. Pass settings.subscriptionId or set AZURE_SUBSCRIPTION_ID (az account show --query id -o tsv prints yours).',
    );
  }
  for (const [field, value] of Object.entries({ describeIntervalMs: settings.describeIntervalMs, pollIntervalMs: settings.pollIntervalMs, retryBaseDelayMs: settings.retryBaseDelayMs })) {
    if (value !== undefined && !(value >= 0)) throw invalidSettingError('createAzureActuator', field, `must be 0 or more milliseconds, got ${value}`);
  }
  if (settings.maxAttempts !== undefined && !(Number.isInteger(settings.maxAttempts) && settings.maxAttempts >= 1)) {
    throw invalidSettingError('createAzureActuator', 'maxAttempts', `must be a whole number of 1 or more (the first attempt included), got ${settings.maxAttempts}`);
  }
  const clock = settings.clock ?? systemClock;
  const clients = createAzureSdkClients(
    {
      subscriptionId,
      credential: settings.credential ?? lazyDefaultAzureCredential(),
      ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
      ...(settings.certificateAuthority !== undefined ? { certificateAuthority: settings.certificateAuthority } : {}),
    },
    settings.clients,
  );
  const limiter = createAzureResourceManagerRateLimiter({ clock, limits: settings.rateLimits ?? azureClientRateLimits });
  const api = new AzureApiClient({
    clients,
    limiter,
    clock,
    ...(settings.maxAttempts !== undefined ? { maxAttempts: settings.maxAttempts } : {}),
    ...(settings.retryBaseDelayMs !== undefined ? { baseDelayMs: settings.retryBaseDelayMs } : {}),
    ...(settings.random !== undefined ? { random: settings.random } : {}),
  });
  const pollIntervalMs = settings.pollIntervalMs ?? 2_000;
  const describer = createVirtualMachineDescriber(api, { intervalMs: settings.describeIntervalMs ?? 10_000, clock });
  let sshKey: string | undefined;
  return {
    machine: new AzureMachineActuator({
      api,
      subscriptionId,
      describer,
      pollIntervalMs,
      defaultSshPublicKey: () => (sshKey ??= unusableSshPublicKey()),
    }),
    cluster: new AzureClusterActuator({ api, subscriptionId, pollIntervalMs }),
    api,
    statistics: () => api.statistics(),
    close: async () => api.close(),
  };
}
