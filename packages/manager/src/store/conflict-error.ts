/** The write was based on a stale resourceVersion: someone else wrote first. */
import { SlipwayError } from '@slipway/core';

const marker = 'slipway.error.ConflictError';
const symbol = Symbol.for(marker);

export class ConflictError extends SlipwayError {
  private readonly [symbol] = true;
  readonly objectKey: string;

  constructor(objectKey: string, expectedResourceVersion: string, storedResourceVersion: string) {
    super(
      `${objectKey} was modified: the write carried resourceVersion ${expectedResourceVersion} but the store holds ${storedResourceVersion}; read the object again and reapply the change`,
      { isRetryable: true },
    );
    this.name = 'ConflictError';
    this.objectKey = objectKey;
  }

  static override isInstance(error: unknown): error is ConflictError {
    return SlipwayError.hasMarker(error, marker);
  }
}
