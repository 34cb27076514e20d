import { SlipwayError } from './slipway-error.js';
import { TerminalError } from './terminal-error.js';

const marker = 'slipway.error.InvalidProviderSpecError';
const symbol = Symbol.for(marker);

/**
 * A providerSpec that its provider's schema rejects. Terminal with reason
 * `InvalidConfiguration`; `fieldPath` names the offending field
 * (for example `spec.providerSpec.value.instanceType`).
 */
export class InvalidProviderSpecError extends TerminalError {
  private readonly [symbol] = true;
  readonly fieldPath: string;

  constructor(fieldPath: string, problem: string, options: { cause?: unknown } = {}) {
    super('InvalidConfiguration', `${fieldPath}: ${problem}`, options);
    this.name = 'InvalidProviderSpecError';
    this.fieldPath = fieldPath;
  }

  static override isInstance(error: unknown): error is InvalidProviderSpecError {
    return SlipwayError.hasMarker(error, marker);
  }
}
