/**
 * The marker of a reply the emulator swallows on purpose: the operation's work is
 * done (or, for an interruption before the work, not done) and the caller never
 * hears back. The HTTP server destroys the socket; the in-memory cloud rejects
 * with an `EmulatedConnectionError`. This is how duplicates are born in
 * production, so the conformance kit provokes it.
 */
const marker = 'slipway.error.LostReply';
const symbol = Symbol.for(marker);

export class LostReply extends Error {
  private readonly [symbol] = true;
  /** True when the operation's work was carried out before the reply was lost. */
  readonly workDone: boolean;

  constructor(action: string, workDone: boolean) {
    super(`the reply to ${action} was lost (${workDone ? 'after' : 'before'} the work was done)`);
    this.name = 'LostReply';
    this.workDone = workDone;
  }

  static isInstance(error: unknown): error is LostReply {
    return error != null && typeof error === 'object' && (error as Record<symbol, unknown>)[symbol] === true;
  }
}
