/** The object named does not exist (or no longer has the UID the caller expected). */
import { SlipwayError } from '@slipway/core';

const marker = 'slipway.error.NotFoundError';
const symbol = Symbol.for(marker);

export class NotFoundError extends SlipwayError {
  private readonly [symbol] = true;
  readonly objectKey: string;

  constructor(objectKey: string, detail = 'it does not exist') {
    super(`${objectKey} not found: ${detail}`);
    this.name = 'NotFoundError';
    this.objectKey = objectKey;
  }

  static override isInstance(error: unknown): error is NotFoundError {
    return SlipwayError.hasMarker(error, marker);
  }
}
