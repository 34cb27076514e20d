/**
 * Every Resource Manager request the provider makes goes through here, at the
 * level of single HTTP requests (a long-running operation is a PUT and its polls,
 * each one a request): a token of ARM's client-side buckets (reads or writes),
 * the request, and for an answer Azure asks to be retried (429, 408, 5xx) or a
 * lost connection, provider-utils' retryWithBackoff (full jitter, Retry-After
 * honoured). The SDK's own retry policy is removed from each client's pipeline,
 * injected clients too, so nothing is retried twice over and every request and
 * retry is counted. What is still a failure after the last attempt reaches the
 * SDK as Azure answered it, and the actuators map it once (api/azure-error-mapper.ts).
 */
import type { Agent as HttpsAgent } from 'node:https';
import { ProviderApiError, SlipwayError, type ClockV1, type ProviderStatisticsV1 } from '@slipway/core';
import { retryWithBackoff, type RateLimiter } from '@slipway/provider-utils';
import { mapAzureError } from './azure-error-mapper.js';
import { azureOperationLabel } from './azure-operation-label.js';
import type { OwnedAzureSdkClients } from './azure-sdk-clients.js';

// The pipeline's own types, as the SDK clients expose them (no direct dependency on @azure/core-rest-pipeline).
type PipelinePolicy = Parameters<OwnedAzureSdkClients['compute']['pipeline']['addPolicy']>[0];
type PipelineResponse = Awaited<ReturnType<PipelinePolicy['sendRequest']>>;

export interface AzureApiClientOptions {
  clients: OwnedAzureSdkClients;
  limiter: RateLimiter;
  clock: ClockV1;
  /** Attempts per request, the first included; default 4 (the SDK's default of three retries). */
  maxAttempts?: number;
  /** The first backoff ceiling, doubled per attempt; default 800 ms. */
  baseDelayMs?: number;
  random?: () => number;
}

const policyName = 'slipwayAzureApiClient';
const retryableStatuses = (status: number): boolean => status === 429 || status === 408 || status >= 500;

/** Azure's own wait for a retry: `retry-after-ms`, `x-ms-retry-after-ms`, then `Retry-After` in seconds or as a date. */
function retryAfterMsOf(response: PipelineResponse, clock: ClockV1): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const milliseconds = Number(response.headers.get(name));
    if (response.headers.get(name) !== undefined && Number.isFinite(milliseconds)) return Math.max(0, milliseconds);
  }
  const header = response.headers.get('retry-after');
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - clock.now());
}

export class AzureApiClient {
  readonly compute: OwnedAzureSdkClients['compute'];
  readonly network: OwnedAzureSdkClients['network'];
  readonly resources: OwnedAzureSdkClients['resources'];
  private readonly options: AzureApiClientOptions;
  private readonly calls = new Map<string, number>();
  private readonly retries = new Map<string, number>();
  private throttled = 0;

  constructor(options: AzureApiClientOptions) {
    this.options = options;
    const { compute, network, resources } = options.clients;
    this.compute = compute;
    this.network = network;
    this.resources = resources;
    for (const client of [compute, network, resources]) {
      client.pipeline.removePolicy({ phase: 'Retry' });
      // A client handed to two actuators keeps one policy: the later one's.
      client.pipeline.removePolicy({ name: policyName });
      client.pipeline.addPolicy(this.policy(options.clients.built.has(client) ? options.clients.agent : undefined), { phase: 'Retry' });
    }
  }

  /** Requests by operation (`PUT virtualMachines`, `GET operations`), retries by HTTP status or error code, 429s heard, bucket waits. */
  statistics(): ProviderStatisticsV1 {
    return {
      callsByOperation: Object.fromEntries(this.calls),
      retriesByCode: Object.fromEntries(this.retries),
      throttledAnswers: this.throttled,
      limiterWaits: this.options.limiter.waitCounts(),
    };
  }

  /** Releases the sockets of the clients built by the factory. */
  close(): void {
    this.options.clients.close();
  }

  private policy(agent: HttpsAgent | undefined): PipelinePolicy {
    const { limiter, clock } = this.options;
    return {
      name: policyName,
      sendRequest: async (request, next) => {
        if (agent !== undefined) request.agent = agent;
        const label = azureOperationLabel(request.method, request.url);
        const signal = request.abortSignal as AbortSignal | undefined;
        let lastAnswer: { response: PipelineResponse; error: ProviderApiError } | undefined;
        try {
          return await retryWithBackoff(
            async () => {
              await limiter.acquire(request.method, signal);
              this.calls.set(label, (this.calls.get(label) ?? 0) + 1);
              const response = await next(request);
              if (response.status === 429) this.throttled += 1;
              if (!retryableStatuses(response.status)) return response;
              const retryAfterMs = retryAfterMsOf(response, clock);
              const error = new ProviderApiError(`${label} answered HTTP ${response.status}`, {
                code: String(response.status),
                statusCode: response.status,
                isRetryable: true,
                ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
              });
              lastAnswer = { response, error };
              throw error;
            },
            {
              clock,
              maxAttempts: this.options.maxAttempts ?? 4,
              baseDelayMs: this.options.baseDelayMs ?? 800,
              maxDelayMs: 30_000,
              ...(signal !== undefined ? { signal } : {}),
              ...(this.options.random !== undefined ? { random: this.options.random } : {}),
              // Only a lost connection or an answer Azure asks to be retried; the mapper decides which lost connections are worth it.
              isRetryable: (error) => lastAnswer?.error === error || (!SlipwayError.isInstance(error) && mapAzureError(error, label).isRetryable),
              onRetry: ({ error }) => {
                const code = ProviderApiError.isInstance(error) ? error.code : ((error as { code?: string }).code ?? 'ConnectionError');
                this.retries.set(code, (this.retries.get(code) ?? 0) + 1);
              },
            },
          );
        } catch (error) {
          // Out of attempts on an answer: the SDK turns Azure's own answer into its error, as it would have without us.
          if (lastAnswer !== undefined && error === lastAnswer.error) return lastAnswer.response;
          throw error;
        }
      },
    };
  }
}
