/**
 * Every AWS call the provider makes goes through here: a token from the
 * client-side bucket of its action (EC2's published buckets, from
 * provider-utils), the SDK call, the error mapper, and retries with backoff and
 * jitter for what the mapper calls retryable (Retry-After honoured). It also
 * counts calls by action, which the API budget tests and the benchmark read.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ProviderApiError, TerminalError, type ClockV1, type ProviderStatisticsV1 } from '@slipway/core';
import { retryWithBackoff, type RateLimiter } from '@slipway/provider-utils';
import { mapAwsError } from './aws-error-mapper.js';
import type { AwsSdkClients } from './aws-sdk-clients.js';

/** Any SDK command object (`new RunInstancesCommand(input)`); every one carries its input. */
export interface AwsCommand {
  readonly input: object;
}

/** What the SDK clients share: `send(command, { abortSignal })`, and a configuration that says how often they retry. */
interface SendingClient<Command, Output> {
  send(command: Command, options?: { abortSignal?: AbortSignal }): Promise<Output>;
  config: { maxAttempts(): Promise<number> };
}

export interface AwsApiClientOptions {
  clients: AwsSdkClients;
  ec2Limiter: RateLimiter;
  loadBalancingLimiter: RateLimiter;
  clock: ClockV1;
  /** Attempts per call, the first included; default 6. */
  maxAttempts?: number;
  /** Attempts while AWS answers with throttling, which waits its turn in the bucket each time; default 20. */
  maxThrottledAttempts?: number;
  /** The first backoff ceiling; default 200 ms. */
  baseDelayMs?: number;
  random?: () => number;
}

export interface AwsCallOptions {
  signal?: AbortSignal;
  /** Extra codes worth retrying for this call (InvalidTarget right after a launch, say). */
  retryCodes?: readonly string[];
}

const throttlingCodes = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'RequestThrottled']);

export class AwsApiClient {
  readonly ec2Client: EC2Client;
  readonly loadBalancingClient: ElasticLoadBalancingV2Client;
  private readonly options: AwsApiClientOptions;
  private readonly attempts = new Map<string, number>();
  private readonly retries = new Map<string, number>();
  private throttled = 0;
  private readonly retryChecks = new Map<object, Promise<void>>();

  constructor(options: AwsApiClientOptions) {
    this.options = options;
    this.ec2Client = options.clients.ec2;
    this.loadBalancingClient = options.clients.loadBalancing;
  }

  /** An EC2 action; `action` is its API name (`RunInstances`), which picks the bucket. */
  ec2<Output>(action: string, command: AwsCommand, callOptions: AwsCallOptions = {}): Promise<Output> {
    return this.call(action, this.options.ec2Limiter, this.ec2Client as unknown as SendingClient<unknown, Output>, command, callOptions);
  }

  /** An ELBv2 action, counted as `elbv2:<Action>`. */
  loadBalancing<Output>(action: string, command: AwsCommand, callOptions: AwsCallOptions = {}): Promise<Output> {
    return this.call(`elbv2:${action}`, this.options.loadBalancingLimiter, this.loadBalancingClient as unknown as SendingClient<unknown, Output>, command, callOptions);
  }

  /** Attempts sent so far, by action (retries included). */
  callCounts(): Record<string, number> {
    return Object.fromEntries(this.attempts);
  }

  /** Calls, retries, throttling answers and limiter waits of both services. */
  statistics(): ProviderStatisticsV1 {
    const limiterWaits: Record<string, number> = { ...this.options.ec2Limiter.waitCounts() };
    for (const [bucket, waits] of Object.entries(this.options.loadBalancingLimiter.waitCounts())) limiterWaits[`elbv2:${bucket}`] = waits;
    return {
      callsByOperation: Object.fromEntries(this.attempts),
      retriesByCode: Object.fromEntries(this.retries),
      throttledAnswers: this.throttled,
      limiterWaits,
    };
  }

  private async call<Output>(
    action: string,
    limiter: RateLimiter,
    client: SendingClient<unknown, Output>,
    command: unknown,
    callOptions: AwsCallOptions,
  ): Promise<Output> {
    await this.refuseSdkRetries(client, action.startsWith('elbv2:') ? 'loadBalancing' : 'ec2');
    const bucketAction = action.startsWith('elbv2:') ? action.slice(6) : action;
    const extraCodes = new Set(callOptions.retryCodes ?? []);
    const maxAttempts = this.options.maxAttempts ?? 6;
    const maxThrottledAttempts = Math.max(maxAttempts, this.options.maxThrottledAttempts ?? 20);
    let attempts = 0;
    return retryWithBackoff(
      async (attempt) => {
        attempts = attempt;
        await limiter.acquire(bucketAction, callOptions.signal);
        this.attempts.set(action, (this.attempts.get(action) ?? 0) + 1);
        try {
          return await client.send(command, callOptions.signal ? { abortSignal: callOptions.signal } : {});
        } catch (error) {
          const mapped = mapAwsError(error, bucketAction);
          if (throttlingCodes.has((mapped as { code?: string }).code ?? '')) this.throttled += 1;
          throw mapped;
        }
      },
      {
        clock: this.options.clock,
        maxAttempts: maxThrottledAttempts,
        baseDelayMs: this.options.baseDelayMs ?? 200,
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        ...(this.options.random ? { random: this.options.random } : {}),
        onRetry: ({ error }) => {
          const code = ProviderApiError.isInstance(error) ? error.code : ((error as { code?: string }).code ?? (error instanceof Error ? error.name : 'unknown'));
          this.retries.set(code, (this.retries.get(code) ?? 0) + 1);
        },
        isRetryable: (error) => {
          if (callOptions.signal?.aborted) return false;
          const code = (error as { code?: string }).code;
          // Throttling is retried longer: each retry queues for a token again, so patience costs the cloud nothing.
          if (code !== undefined && throttlingCodes.has(code)) return attempts < maxThrottledAttempts;
          if (attempts >= maxAttempts) return false;
          if (code !== undefined && extraCodes.has(code)) return true;
          return (error as { isRetryable?: boolean }).isRetryable === true;
        },
      },
    );
  }

  /**
   * A client that retries on its own would retry outside the buckets and the
   * counters, and multiply our attempts by its own: refused once, before its first call.
   */
  private refuseSdkRetries(client: SendingClient<unknown, unknown>, name: keyof AwsSdkClients): Promise<void> {
    let check = this.retryChecks.get(client);
    if (check === undefined) {
      check = client.config.maxAttempts().then((attempts) => {
        if (attempts > 1) {
          throw new TerminalError(
            'InvalidConfiguration',
            `settings.clients.${name} retries on its own (maxAttempts ${attempts}); build it with maxAttempts: 1 so that every retry goes through the provider's rate limiter and is counted`,
          );
        }
      });
      this.retryChecks.set(client, check);
    }
    return check;
  }
}
