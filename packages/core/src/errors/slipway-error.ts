/**
 * The root of every error Slipway raises on purpose. Each class carries a marker
 * registered with `Symbol.for`, so `isInstance` keeps working when two copies of
 * this package end up in one process (where `instanceof` would silently fail).
 */
const marker = 'slipway.error';
const symbol = Symbol.for(marker);

export interface SlipwayErrorOptions {
  cause?: unknown;
  /** True when the same call may succeed later without anyone changing anything. */
  isRetryable?: boolean;
}

export class SlipwayError extends Error {
  private readonly [symbol] = true;
  readonly isRetryable: boolean;

  constructor(message: string, options: SlipwayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SlipwayError';
    this.isRetryable = options.isRetryable ?? false;
  }

  static isInstance(error: unknown): error is SlipwayError {
    return SlipwayError.hasMarker(error, marker);
  }

  protected static hasMarker(error: unknown, markerName: string): boolean {
    const markerSymbol = Symbol.for(markerName);
    return (
      error != null &&
      typeof error === 'object' &&
      markerSymbol in error &&
      (error as Record<symbol, unknown>)[markerSymbol] === true
    );
  }
}
