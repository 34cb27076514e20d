/** The store was closed, or failed to persist a write and stopped accepting more. */
import { SlipwayError } from '@slipway/core';

const marker = 'slipway.error.StoreClosedError';
const symbol = Symbol.for(marker);

export class StoreClosedError extends SlipwayError {
  private readonly [symbol] = true;

  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`the store is closed: ${reason}`, { cause: options.cause });
    this.name = 'StoreClosedError';
  }

  static override isInstance(error: unknown): error is StoreClosedError {
    return SlipwayError.hasMarker(error, marker);
  }
}
