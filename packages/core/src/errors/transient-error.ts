import { SlipwayError } from './slipway-error.js';

const marker = 'slipway.error.TransientError';
const symbol = Symbol.for(marker);

/**
 * A failure that should heal by itself (throttling, a 5xx, a resource not yet
 * visible). The controller requeues the object after `requeueAfterMs`, or with its
 * own backoff when the provider has no better idea.
 */
export class TransientError extends SlipwayError {
  private readonly [symbol] = true;
  readonly requeueAfterMs: number | undefined;

  constructor(message: string, options: { cause?: unknown; requeueAfterMs?: number } = {}) {
    super(message, { cause: options.cause, isRetryable: true });
    this.name = 'TransientError';
    this.requeueAfterMs = options.requeueAfterMs;
  }

  static override isInstance(error: unknown): error is TransientError {
    return SlipwayError.hasMarker(error, marker);
  }
}
