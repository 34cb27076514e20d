import type { MachineStatusErrorReason } from './machine-status-error-reason.js';
import { SlipwayError } from './slipway-error.js';

const marker = 'slipway.error.TerminalError';
const symbol = Symbol.for(marker);

/**
 * A failure that retrying will not fix. The controller writes `reason` and the
 * message to the object's status (`errorReason`, `errorMessage`) and stops
 * retrying until the object's spec changes.
 */
export class TerminalError extends SlipwayError {
  private readonly [symbol] = true;
  readonly reason: MachineStatusErrorReason;

  constructor(reason: MachineStatusErrorReason, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause, isRetryable: false });
    this.name = 'TerminalError';
    this.reason = reason;
  }

  static override isInstance(error: unknown): error is TerminalError {
    return SlipwayError.hasMarker(error, marker);
  }
}
