import type { TokenCredential } from '@azure/core-auth';
import { TerminalError, type ClockV1, type ProviderActuatorsV1 } from '@slipway/core';
import {
  apiRateLimits,
  createAzureResourceManagerRateLimiter,
  settingsFromEnvironment,
  systemClock,
  type AzureResourceManagerActionClass,
  type TokenBucketSettings,
} from '@slipway/provider-utils';
import { createAzureClients, type AzureClients } from './azure-clients.js';
import { AzureClusterActuator } from './azure-cluster-actuator.js';
import { AzureMachineActuator } from './azure-machine-actuator.js';
import { emptyAzureRequestStatistics } from './azure-request-statistics.js';
import { createVirtualMachineDescriber } from './azure-virtual-machine-describer.js';
import { lazyDefaultAzureCredential } from './lazy-default-azure-credential.js';
import { unusableSshPublicKey } from './unusable-ssh-public-key.js';

/** Where each setting comes from when it is not passed: the variables Azure's own tools read. */
export const azureEnvironmentSpecification = {
  subscriptionId: ['AZURE_SUBSCRIPTION_ID'],
  // Read by DefaultAzureCredential (environment credential, workload identity, managed identity).
  tenantId: ['AZURE_TENANT_ID'],
  clientId: ['AZURE_CLIENT_ID'],
  clientSecret: ['AZURE_CLIENT_SECRET'],
  clientCertificatePath: ['AZURE_CLIENT_CERTIFICATE_PATH'],
  federatedTokenFile: ['AZURE_FEDERATED_TOKEN_FILE'],
  authorityHost: ['AZURE_AUTHORITY_HOST'],
} as const;

/**
 * The client-side buckets: ARM's published refill rates, with 50 tokens less
 * burst than ARM's buckets hold. Requests reach Azure a little after they take
 * their token, and not all equally late; when both buckets run empty under a
 * sustained burst, that jitter alone would make Azure refuse some. The spare
 * tokens absorb up to five seconds of it for writes (50 at 10 a second).
 */
export const azureClientRateLimits: Record<AzureResourceManagerActionClass, TokenBucketSettings> = {
  reads: { ...apiRateLimits.azureResourceManager.reads, capacity: apiRateLimits.azureResourceManager.reads.capacity - 50 },
  writes: { ...apiRateLimits.azureResourceManager.writes, capacity: apiRateLimits.azureResourceManager.writes.capacity - 50 },
};

export interface AzureActuatorSettings {
  /** Default: AZURE_SUBSCRIPTION_ID. */
  subscriptionId?: string;
  /** Default: DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, ...). */
  credential?: TokenCredential;
  /** Resource Manager endpoint; default https://management.azure.com (sovereign clouds and the emulator differ). */
  endpoint?: string;
  /** PEM certificate authority trusted for `endpoint` only (the emulator's); never disables verification. */
  certificateAuthority?: string;
  /** Ready-made clients (tests, custom pipelines); `endpoint`, `credential` and the limiter are then not applied. */
  clients?: AzureClients;
  /** The clock of the token buckets and the describer; default the system clock. */
  clock?: ClockV1;
  /** How old a VM listing may be and still answer exists; default 10 000 ms. */
  describeIntervalMs?: number;
  /** Poll interval of long-running operations when Azure names no Retry-After; default 2 000 ms. */
  pollIntervalMs?: number;
  /** Retries the SDK makes on 429, 5xx and dropped connections; default 3. */
  maxRetries?: number;
  /** First SDK retry delay in ms; default 800. */
  retryDelayMs?: number;
  /** Client-side buckets; default `azureClientRateLimits`: ARM's published rates (reads 25/s, writes 10/s) with bursts of 200 and 150, 50 under ARM's. */
  rateLimits?: Record<AzureResourceManagerActionClass, TokenBucketSettings>;
  /** Where to read the variables; default process.env. */
  environment?: Record<string, string | undefined>;
}

export interface AzureActuators extends ProviderActuatorsV1 {
  machine: AzureMachineActuator;
  cluster: AzureClusterActuator;
}

/**
 * Builds the Azure machine and cluster actuators. Every setting is optional and
 * falls back to Azure's standard environment; tests pass the emulator's
 * endpoint and certificate authority with a stub credential.
 */
export function createAzureActuator(settings: AzureActuatorSettings = {}): AzureActuators {
  const environment = settingsFromEnvironment(azureEnvironmentSpecification, settings.environment ?? process.env);
  const subscriptionId = settings.subscriptionId ?? environment.subscriptionId?.value;
  if (!subscriptionId) {
    throw new TerminalError(
      'InvalidConfiguration',
      'createAzureActuator: no subscription id. Pass settings.subscriptionId or set AZURE_SUBSCRIPTION_ID (az account show --query id -o tsv prints yours).',
    );
  }
  for (const [field, value] of Object.entries({ describeIntervalMs: settings.describeIntervalMs, pollIntervalMs: settings.pollIntervalMs, retryDelayMs: settings.retryDelayMs })) {
    if (value !== undefined && !(value >= 0)) throw new RangeError(`createAzureActuator: settings.${field} must be 0 or more, got ${value}`);
  }
  const clock = settings.clock ?? systemClock;
  const statistics = emptyAzureRequestStatistics();
  const limiter = createAzureResourceManagerRateLimiter({ clock, limits: settings.rateLimits ?? azureClientRateLimits });
  const clients =
    settings.clients ??
    createAzureClients({
      subscriptionId,
      credential: settings.credential ?? lazyDefaultAzureCredential(),
      limiter,
      statistics,
      ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
      ...(settings.certificateAuthority !== undefined ? { certificateAuthority: settings.certificateAuthority } : {}),
      ...(settings.maxRetries !== undefined ? { maxRetries: settings.maxRetries } : {}),
      ...(settings.retryDelayMs !== undefined ? { retryDelayMs: settings.retryDelayMs } : {}),
    });
  const pollIntervalMs = settings.pollIntervalMs ?? 2_000;
  const describer = createVirtualMachineDescriber(clients, { intervalMs: settings.describeIntervalMs ?? 10_000, clock });
  let sshKey: string | undefined;
  return {
    machine: new AzureMachineActuator({
      clients,
      subscriptionId,
      describer,
      pollIntervalMs,
      defaultSshPublicKey: () => (sshKey ??= unusableSshPublicKey()),
    }),
    cluster: new AzureClusterActuator({ clients, subscriptionId, pollIntervalMs }),
    // Requests sent by operation, 429s heard, client-side waits: what the azure-burst benchmark reports.
    statistics: () => ({
      callsByOperation: { ...statistics.requests },
      retriesByCode: {},
      throttledAnswers: statistics.throttledResponses,
      limiterWaits: limiter.waitCounts(),
    }),
    // The SDK pipeline keeps its keep-alive agents private: nothing here can release them.
    close: async () => undefined,
  };
}
