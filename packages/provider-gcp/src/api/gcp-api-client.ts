/**
 * Every Compute call goes through here: it waits for a token of the GCE rate
 * limiter (so a burst waits on the client instead of ending in
 * rateLimitExceeded), maps any error once, and retries what is retryable with
 * full-jitter backoff honouring Retry-After. Retrying a mutation is safe because
 * every mutation carries a requestId. It also counts calls by method, so
 * benchmarks and tests can read the provider's own view of its API use.
 */
import { ProviderApiError, type ActuatorContextV1, type ClockV1, type ProviderStatisticsV1 } from '@slipway/core';
import { retryWithBackoff, type RateLimiter } from '@slipway/provider-utils';
import { mapGcpError, rateLimitReasons } from './gcp-error-mapper.js';

export interface GcpApiClientOptions {
  limiter: RateLimiter<'requests'>;
  clock: ClockV1;
  /** Attempts per call, the first included; default 6. */
  maxAttempts?: number;
  /** The first backoff ceiling; default 500 ms. */
  baseDelayMs?: number;
  /** Uniform in [0, 1) for backoff jitter. */
  random?: () => number;
}

export class GcpApiClient {
  private readonly options: GcpApiClientOptions;
  private readonly counts = new Map<string, number>();
  private readonly retryCodes = new Map<string, number>();
  private throttled = 0;

  constructor(options: GcpApiClientOptions) {
    this.options = options;
  }

  /**
   * Runs one API method (`method` is Google's name, `instances.insert`);
   * `subject` says what it acts on, for messages.
   */
  async call<Result>(method: string, subject: string, run: () => Promise<Result>, context: Pick<ActuatorContextV1, 'signal'> & { clock?: ClockV1 }): Promise<Result> {
    return retryWithBackoff(
      async () => {
        await this.options.limiter.acquire(method, context.signal);
        this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
        let result: Result;
        try {
          result = await abortable(run(), context.signal);
        } catch (error) {
          if (context.signal.aborted && error === context.signal.reason) throw error;
          const mapped = mapGcpError(error, `${method} ${subject}`);
          if (ProviderApiError.isInstance(mapped) && (mapped.statusCode === 429 || rateLimitReasons.has(mapped.code))) this.throttled += 1;
          throw mapped;
        }
        return result;
      },
      {
        maxAttempts: this.options.maxAttempts ?? 6,
        baseDelayMs: this.options.baseDelayMs ?? 500,
        clock: context.clock ?? this.options.clock,
        signal: context.signal,
        ...(this.options.random ? { random: this.options.random } : {}),
        onRetry: ({ error }) => {
          const code = ProviderApiError.isInstance(error) ? error.code : error instanceof Error ? error.name : 'unknown';
          this.retryCodes.set(code, (this.retryCodes.get(code) ?? 0) + 1);
        },
      },
    );
  }

  /** Calls made, by method, since the actuator was built. */
  callCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** Calls, retries, throttling answers and limiter waits since the actuator was built. */
  statistics(): ProviderStatisticsV1 {
    return { callsByOperation: this.callCounts(), retriesByCode: this.retriesByCode(), throttledAnswers: this.throttled, limiterWaits: this.options.limiter.waitCounts() };
  }

  retryCount(): number {
    return [...this.retryCodes.values()].reduce((total, count) => total + count, 0);
  }

  /** Retries by the error code that caused them (`rateLimitExceeded`, `ECONNRESET`, `backendError`...). */
  retriesByCode(): Record<string, number> {
    return Object.fromEntries(this.retryCodes);
  }
}

/**
 * The SDK takes no AbortSignal, so a caller that gives up stops waiting here; the
 * request itself finishes in the background, which is harmless because every
 * mutation carries a requestId (a long `wait` simply ends on its own).
 */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => undefined);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
