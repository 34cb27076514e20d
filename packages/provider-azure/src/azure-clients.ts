import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import type { RateLimiter } from '@slipway/provider-utils';
import { azureOperationLabel, type AzureRequestStatistics } from './azure-request-statistics.js';

/**
 * The three Resource Manager clients a provider needs, built with one shared
 * pipeline policy: every request, retries included, first takes a token of
 * the Resource Manager buckets (reads or writes) and is counted. The SDK's own
 * retry policy honours Retry-After on 429 and 5xx answers.
 */
export interface AzureClients {
  compute: ComputeManagementClient;
  network: NetworkManagementClient;
  resources: ResourceManagementClient;
}

export interface AzureClientSettings {
  subscriptionId: string;
  credential: TokenCredential;
  /** Resource Manager endpoint; default https://management.azure.com. */
  endpoint?: string;
  /** PEM certificate authority to trust for this endpoint only (the emulator's). */
  certificateAuthority?: string;
  limiter: Pick<RateLimiter, 'acquire'>;
  statistics: AzureRequestStatistics;
  /** Retries the SDK makes on 429, 5xx and dropped connections; default 3. */
  maxRetries?: number;
  /** First SDK retry delay, doubled each time; default 800 ms. */
  retryDelayMs?: number;
}

export function createAzureClients(settings: AzureClientSettings): AzureClients {
  const options = {
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    ...(settings.certificateAuthority !== undefined ? { tlsOptions: { ca: settings.certificateAuthority } } : {}),
    retryOptions: { maxRetries: settings.maxRetries ?? 3, retryDelayInMs: settings.retryDelayMs ?? 800, maxRetryDelayInMs: 30_000 },
    userAgentOptions: { userAgentPrefix: 'slipway-provider-azure' },
  };
  const clients: AzureClients = {
    compute: new ComputeManagementClient(settings.credential, settings.subscriptionId, options),
    network: new NetworkManagementClient(settings.credential, settings.subscriptionId, options),
    resources: new ResourceManagementClient(settings.credential, settings.subscriptionId, options),
  };
  const { limiter, statistics } = settings;
  for (const client of [clients.compute, clients.network, clients.resources]) {
    client.pipeline.addPolicy(
      {
        name: 'slipwayResourceManagerBuckets',
        sendRequest: async (request, next) => {
          await limiter.acquire(request.method, request.abortSignal as AbortSignal | undefined);
          const label = azureOperationLabel(request.method, request.url);
          statistics.requests[label] = (statistics.requests[label] ?? 0) + 1;
          const response = await next(request);
          if (response.status === 429) statistics.throttledResponses += 1;
          return response;
        },
      },
      { afterPhase: 'Retry' },
    );
  }
  return clients;
}
