import { SlipwayError } from './slipway-error.js';

const marker = 'slipway.error.ProviderApiError';
const symbol = Symbol.for(marker);

export interface ProviderApiErrorOptions {
  /** The cloud's own error code, e.g. `RequestLimitExceeded` or `QuotaExceeded`. */
  code: string;
  statusCode?: number;
  requestId?: string;
  isRetryable: boolean;
  /** The wait the cloud asked for (Retry-After), when it said one. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A cloud API call that failed, with what the cloud said about it. Providers wrap
 * every SDK error into this (or into a TransientError / TerminalError) in one
 * place, their error mapper, so no raw SDK error ever reaches a controller.
 */
export class ProviderApiError extends SlipwayError {
  private readonly [symbol] = true;
  readonly code: string;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: ProviderApiErrorOptions) {
    super(message, { cause: options.cause, isRetryable: options.isRetryable });
    this.name = 'ProviderApiError';
    this.code = options.code;
    this.statusCode = options.statusCode;
    this.requestId = options.requestId;
    this.retryAfterMs = options.retryAfterMs;
  }

  static override isInstance(error: unknown): error is ProviderApiError {
    return SlipwayError.hasMarker(error, marker);
  }
}
