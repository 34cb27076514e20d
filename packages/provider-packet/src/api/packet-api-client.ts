/**
 * Every Metal call goes through here: take a token of the limiter, call through
 * openapi-fetch, map a failure once (packet-error-mapper), retry what is
 * retryable with full-jitter backoff honouring Retry-After within the attempt
 * budget, and count everything for `statistics()`. A call that is not
 * idempotent (creating a device, a reservation, an assignment) is retried only
 * after a 429, which the API answers before doing anything; any other failure
 * surfaces, and the caller finds out by listing what happened.
 */
import { ProviderApiError, TerminalError, type ActuatorContextV1, type ClockV1, type ProviderStatisticsV1 } from '@slipway/core';
import { retryWithBackoff, type RateLimiter } from '@slipway/provider-utils';
import { mapPacketError } from './packet-error-mapper.js';
import type { MetalClient, PacketSdkClients } from './packet-sdk-clients.js';

export interface PacketApiClientOptions {
  /** Builds the clients on first use (so an actuator never used opens nothing), or hands over injected ones. */
  clients: () => PacketSdkClients;
  limiter: RateLimiter<'requests'>;
  clock: ClockV1;
  random?: () => number;
  maxAttempts?: number;
  baseDelayMs?: number;
}

/** What openapi-fetch resolves with. */
interface FetchOutcome<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

export class PacketApiClient {
  private readonly options: PacketApiClientOptions;
  private readonly calls = new Map<string, number>();
  private readonly retries = new Map<string, number>();
  private throttled = 0;
  private readonly closing = new AbortController();
  private clients: PacketSdkClients | undefined;

  constructor(options: PacketApiClientOptions) {
    this.options = options;
  }

  /**
   * Runs one API operation. `operation` is the API's operationId (`createDevice`), `subject` what it acts on;
   * `run` makes the request with the signal it is given. Resolves with the answer's data (undefined for a 204).
   */
  async call<Data>(
    operation: string,
    subject: string,
    run: (metal: MetalClient, signal: AbortSignal) => Promise<FetchOutcome<Data>>,
    context: Pick<ActuatorContextV1, 'signal'> & { clock?: ClockV1 },
    options: { idempotent?: boolean } = {},
  ): Promise<Data | undefined> {
    if (this.closing.signal.aborted) throw new TerminalError('InvalidConfiguration', `${operation} ${subject}: the Packet actuators were closed`);
    this.clients ??= this.options.clients();
    const metal = this.clients.metal;
    const idempotent = options.idempotent ?? true;
    const signal = AbortSignal.any([context.signal, this.closing.signal]);
    return retryWithBackoff(
      async () => {
        await this.options.limiter.acquire(operation, context.signal);
        this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
        let outcome: FetchOutcome<Data>;
        try {
          outcome = await run(metal, signal);
        } catch (error) {
          if (context.signal.aborted) throw context.signal.reason;
          throw mapPacketError(error, `${operation} ${subject}`);
        }
        if (outcome.response.ok) return outcome.data;
        if (outcome.response.status === 429) this.throttled += 1;
        throw mapPacketError({ status: outcome.response.status, body: outcome.error, retryAfter: outcome.response.headers.get('retry-after') }, `${operation} ${subject}`);
      },
      {
        maxAttempts: this.options.maxAttempts ?? 6,
        baseDelayMs: this.options.baseDelayMs ?? 500,
        clock: context.clock ?? this.options.clock,
        signal: context.signal,
        ...(this.options.random ? { random: this.options.random } : {}),
        isRetryable: (error) => ProviderApiError.isInstance(error) && error.isRetryable && (idempotent || error.statusCode === 429),
        onRetry: ({ error }) => {
          const code = ProviderApiError.isInstance(error) ? error.code : error instanceof Error ? error.name : 'unknown';
          this.retries.set(code, (this.retries.get(code) ?? 0) + 1);
        },
      },
    );
  }

  statistics(): ProviderStatisticsV1 {
    return {
      callsByOperation: Object.fromEntries(this.calls),
      retriesByCode: Object.fromEntries(this.retries),
      throttledAnswers: this.throttled,
      limiterWaits: this.options.limiter.waitCounts(),
    };
  }

  /** Aborts calls in flight and refuses new ones. */
  close(): void {
    this.closing.abort(new TerminalError('InvalidConfiguration', 'the Packet actuators were closed'));
  }
}
