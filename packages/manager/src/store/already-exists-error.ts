/** A create named an object that is already stored. */
import { SlipwayError } from '@slipway/core';

const marker = 'slipway.error.AlreadyExistsError';
const symbol = Symbol.for(marker);

export class AlreadyExistsError extends SlipwayError {
  private readonly [symbol] = true;
  readonly objectKey: string;

  constructor(objectKey: string) {
    super(`${objectKey} already exists: update it instead, or choose another metadata.name`);
    this.name = 'AlreadyExistsError';
    this.objectKey = objectKey;
  }

  static override isInstance(error: unknown): error is AlreadyExistsError {
    return SlipwayError.hasMarker(error, marker);
  }
}
