import { SlipwayError, TerminalError } from '@slipway/core';

const marker = 'slipway.error.InvalidBootstrapInputError';
const symbol = Symbol.for(marker);

/**
 * A Cluster, Machine or option the bootstrap package cannot work with. Names
 * the field and what to do; nothing has been written when it is thrown.
 */
export class InvalidBootstrapInputError extends TerminalError {
  private readonly [symbol] = true;
  readonly fieldPath: string;

  constructor(fieldPath: string, problem: string) {
    super('InvalidConfiguration', `${fieldPath}: ${problem}`);
    this.name = 'InvalidBootstrapInputError';
    this.fieldPath = fieldPath;
  }

  static override isInstance(error: unknown): error is InvalidBootstrapInputError {
    return SlipwayError.hasMarker(error, marker);
  }
}
