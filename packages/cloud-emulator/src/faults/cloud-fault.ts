/**
 * The one error an emulated cloud raises on purpose: a fault the switchboard
 * injected (throttling, a 5xx, an exhausted quota) or an error of the cloud's
 * own API (not found, invalid parameter). Each cloud's emulator renders it in its
 * own wire shape (EC2 XML `<Errors>`, ARM `{"error":{...}}`, GCE `{"error":{...}}`).
 */
const marker = 'slipway.error.CloudFault';
const symbol = Symbol.for(marker);

/** What went wrong, independent of the cloud; each emulator picks its code and status from it. */
export type CloudFaultKind = 'throttling' | 'server-error' | 'quota' | 'not-found' | 'invalid-request' | 'conflict';

export interface CloudFaultOptions {
  kind: CloudFaultKind;
  /** The cloud's own error code when the raiser knows it (`InvalidInstanceID.NotFound`); renderers fill in a default otherwise. */
  code?: string;
  /** HTTP status when the raiser knows it; renderers fill in a default otherwise. */
  status?: number;
  /** The wait to announce in Retry-After, in seconds. */
  retryAfterSeconds?: number;
}

export class CloudFault extends Error {
  private readonly [symbol] = true;
  readonly kind: CloudFaultKind;
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: CloudFaultOptions) {
    super(message);
    this.name = 'CloudFault';
    this.kind = options.kind;
    this.code = options.code;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  static isInstance(error: unknown): error is CloudFault {
    return error != null && typeof error === 'object' && (error as Record<symbol, unknown>)[symbol] === true;
  }
}
