import { SlipwayError, TerminalError } from '@slipway/core';

const marker = 'slipway.error.UserDataTooLargeError';
const symbol = Symbol.for(marker);

/**
 * Rendered user data that the target cloud would refuse. Terminal with reason
 * InvalidConfiguration: retrying renders the same bytes again.
 */
export class UserDataTooLargeError extends TerminalError {
  private readonly [symbol] = true;
  readonly cloud: string;
  readonly size: number;
  readonly limit: number;

  constructor(options: { cloud: string; size: number; limit: number; unit: string; fieldPath: string; hint: string }) {
    super(
      'InvalidConfiguration',
      `${options.fieldPath}: the rendered user data is ${options.size} ${options.unit}, over the ${options.cloud} limit of ${options.limit} ${options.unit}; ${options.hint}`,
    );
    this.name = 'UserDataTooLargeError';
    this.cloud = options.cloud;
    this.size = options.size;
    this.limit = options.limit;
  }

  static override isInstance(error: unknown): error is UserDataTooLargeError {
    return SlipwayError.hasMarker(error, marker);
  }
}
