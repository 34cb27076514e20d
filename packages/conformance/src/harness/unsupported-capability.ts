/**
 * Raised by a check when the actuator or the emulator lacks what the check
 * needs. The test runner turns it into a skipped test, never a pass.
 */
const marker = 'slipway.error.UnsupportedCapability';
const symbol = Symbol.for(marker);

export class UnsupportedCapability extends Error {
  private readonly [symbol] = true;

  constructor(what: string) {
    super(`not supported: ${what}`);
    this.name = 'UnsupportedCapability';
  }

  static isInstance(error: unknown): error is UnsupportedCapability {
    return error != null && typeof error === 'object' && (error as Record<symbol, unknown>)[symbol] === true;
  }
}
