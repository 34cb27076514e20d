/** Another process holds the state directory. */
import { SlipwayError } from '@slipway/core';

const marker = 'slipway.error.StoreLockedError';
const symbol = Symbol.for(marker);

export class StoreLockedError extends SlipwayError {
  private readonly [symbol] = true;
  readonly stateDirectory: string;
  /** The process holding the lock, when its lock file names one. */
  readonly ownerPid: number | undefined;

  constructor(stateDirectory: string, ownerPid: number | undefined, options: { cause?: unknown } = {}) {
    super(
      `the state directory ${stateDirectory} is in use by ${ownerPid === undefined ? 'another process' : `process ${ownerPid}`}; stop that process or use another state directory`,
      { cause: options.cause },
    );
    this.name = 'StoreLockedError';
    this.stateDirectory = stateDirectory;
    this.ownerPid = ownerPid;
  }

  static override isInstance(error: unknown): error is StoreLockedError {
    return SlipwayError.hasMarker(error, marker);
  }
}
