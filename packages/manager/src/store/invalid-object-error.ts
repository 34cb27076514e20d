/** An object the store refuses to write; names the field and the fix. Nothing was changed. */
import { SlipwayError } from '@slipway/core';

const marker = 'slipway.error.InvalidObjectError';
const symbol = Symbol.for(marker);

export class InvalidObjectError extends SlipwayError {
  private readonly [symbol] = true;
  readonly objectKey: string;
  readonly fieldPath: string;

  constructor(objectKey: string, fieldPath: string, problem: string) {
    super(`${objectKey}: ${fieldPath}: ${problem}`);
    this.name = 'InvalidObjectError';
    this.objectKey = objectKey;
    this.fieldPath = fieldPath;
  }

  static override isInstance(error: unknown): error is InvalidObjectError {
    return SlipwayError.hasMarker(error, marker);
  }
}
