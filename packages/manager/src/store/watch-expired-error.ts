/** A watch asked for changes older than the compacted change log still holds (Kubernetes' 410 Gone). */
import { SlipwayError } from '@slipway/core';

const marker = 'slipway.error.WatchExpiredError';
const symbol = Symbol.for(marker);

export class WatchExpiredError extends SlipwayError {
  private readonly [symbol] = true;

  constructor(requestedResourceVersion: string, oldestResourceVersion: string) {
    super(
      `cannot watch from resourceVersion ${requestedResourceVersion}: the change log starts after ${oldestResourceVersion}; list again and watch from the list's resourceVersion`,
      { isRetryable: true },
    );
    this.name = 'WatchExpiredError';
  }

  static override isInstance(error: unknown): error is WatchExpiredError {
    return SlipwayError.hasMarker(error, marker);
  }
}
