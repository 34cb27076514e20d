/**
 * What a caller of the in-memory cloud sees when a reply is lost: the same as a
 * dropped connection over HTTP (`ECONNRESET`). The work may or may not be done;
 * the caller cannot tell.
 */
const marker = 'slipway.error.EmulatedConnectionError';
const symbol = Symbol.for(marker);

export class EmulatedConnectionError extends Error {
  private readonly [symbol] = true;
  readonly code = 'ECONNRESET';

  constructor(action: string) {
    super(`socket hang up: the connection closed before ${action} answered`);
    this.name = 'EmulatedConnectionError';
  }

  static isInstance(error: unknown): error is EmulatedConnectionError {
    return error != null && typeof error === 'object' && (error as Record<symbol, unknown>)[symbol] === true;
  }
}
