import { SlipwayError } from '@slipway/core';

const marker = 'slipway.error.JoinRejectedError';
const symbol = Symbol.for(marker);

/**
 * Why the node-authorization service refused a request. The code is stable
 * (agents, events and tests match on it); the message explains it to a person
 * and never contains the token, a key or anything else secret.
 */
export const joinRejectionCodes = [
  'MalformedRequest',
  'TokenInvalid',
  'TokenExpired',
  'TokenAlreadyUsed',
  'MachineNotFound',
  'MachineNotProvisioning',
  'CertificateRequestInvalid',
  'CertificateRequestSubjectMismatch',
  'CertificateRequestNamesNotAllowed',
  'CertificateRequestKeyRejected',
  'ReportUnauthorized',
  'ReportPhaseNotAllowed',
  'RateLimited',
  'ClusterPkiMissing',
  'BodyTooLarge',
  'UnsupportedMediaType',
] as const;
export type JoinRejectionCode = (typeof joinRejectionCodes)[number];

const statusByCode: Record<JoinRejectionCode, number> = {
  MalformedRequest: 400,
  TokenInvalid: 401,
  TokenExpired: 401,
  TokenAlreadyUsed: 401,
  MachineNotFound: 403,
  MachineNotProvisioning: 403,
  CertificateRequestInvalid: 400,
  CertificateRequestSubjectMismatch: 403,
  CertificateRequestNamesNotAllowed: 403,
  CertificateRequestKeyRejected: 403,
  ReportUnauthorized: 401,
  ReportPhaseNotAllowed: 403,
  RateLimited: 429,
  ClusterPkiMissing: 503,
  BodyTooLarge: 413,
  UnsupportedMediaType: 415,
};

export class JoinRejectedError extends SlipwayError {
  private readonly [symbol] = true;
  readonly code: JoinRejectionCode;
  readonly httpStatus: number;
  /** The Machine the request was bound to, when the token identified one. */
  readonly machineUid: string | undefined;
  /** For RateLimited: how long the caller should wait, sent as Retry-After. */
  readonly retryAfterMs: number | undefined;

  constructor(code: JoinRejectionCode, message: string, options: { machineUid?: string; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause, isRetryable: code === 'RateLimited' || code === 'ClusterPkiMissing' });
    this.name = 'JoinRejectedError';
    this.code = code;
    this.httpStatus = statusByCode[code];
    this.machineUid = options.machineUid;
    this.retryAfterMs = options.retryAfterMs;
  }

  static override isInstance(error: unknown): error is JoinRejectedError {
    return SlipwayError.hasMarker(error, marker);
  }
}
