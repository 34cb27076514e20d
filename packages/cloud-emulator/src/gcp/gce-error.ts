/**
 * Compute Engine's errors: how the emulator raises them (a CloudFault carrying
 * Google's `reason`) and how it renders any CloudFault in Google's JSON shape,
 * `{"error":{"code":404,"message":"…","errors":[{"message","domain","reason"}]}}`, and for
 * throttling and quota answers also the `details` entry Google's APIs add today, a
 * `google.rpc.ErrorInfo` (`RATE_LIMIT_EXCEEDED` from googleapis.com, `QUOTA_EXCEEDED` from
 * compute.googleapis.com): the 7.x SDK keeps only that reason, not the legacy `errors[]`.
 */
import { CloudFault, type CloudFaultKind } from '../faults/cloud-fault.js';
import type { EmulatorHttpReply } from '../server/emulator-http-request.js';

const kindOfStatus = (status: number): CloudFaultKind => {
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'throttling';
  if (status >= 500) return 'server-error';
  return 'invalid-request';
};

/** A Compute Engine API error with its HTTP status and Google `reason` (`notFound`, `alreadyExists`, `invalid`, ...). */
export function gceError(status: number, reason: string, message: string): CloudFault {
  return new CloudFault(message, { kind: kindOfStatus(status), status, code: reason });
}

export const gceNotFound = (resourcePath: string): CloudFault =>
  gceError(404, 'notFound', `The resource '${resourcePath}' was not found`);

export const gceInvalidField = (field: string, value: unknown, problem: string): CloudFault =>
  gceError(400, 'invalid', `Invalid value for field '${field}': '${typeof value === 'string' ? value : JSON.stringify(value ?? '')}'. ${problem}`);

export interface GceErrorRendering {
  /** How throttling answers: 403 `rateLimitExceeded` (the classic Compute answer) or 429 `RESOURCE_EXHAUSTED`. */
  throttlingStatus: 403 | 429;
}

/** Renders a CloudFault (raised by a handler or injected by the switchboard) as Compute Engine does. */
export function renderGceError(fault: CloudFault, rendering: GceErrorRendering): EmulatorHttpReply {
  let status: number;
  let reason: string;
  let domain = 'global';
  let statusText: string | undefined;
  let errorInfo: { reason: string; domain: string } | undefined;
  switch (fault.kind) {
    case 'throttling':
      status = fault.status ?? rendering.throttlingStatus;
      reason = fault.code ?? 'rateLimitExceeded';
      domain = 'usageLimits';
      errorInfo = { reason: 'RATE_LIMIT_EXCEEDED', domain: 'googleapis.com' };
      if (status === 429) statusText = 'RESOURCE_EXHAUSTED';
      break;
    case 'server-error':
      status = fault.status ?? 503;
      reason = fault.code ?? 'backendError';
      break;
    case 'quota':
      status = fault.status ?? 403;
      reason = fault.code ?? 'quotaExceeded';
      domain = 'usageLimits';
      errorInfo = { reason: 'QUOTA_EXCEEDED', domain: 'compute.googleapis.com' };
      break;
    case 'not-found':
      status = fault.status ?? 404;
      reason = fault.code ?? 'notFound';
      break;
    case 'conflict':
      status = fault.status ?? 409;
      reason = fault.code ?? 'alreadyExists';
      break;
    default:
      status = fault.status ?? 400;
      reason = fault.code ?? 'invalid';
  }
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  return {
    status,
    headers,
    body: {
      error: {
        code: status,
        message: fault.message,
        errors: [{ message: fault.message, domain, reason }],
        ...(statusText !== undefined ? { status: statusText } : {}),
        ...(errorInfo !== undefined
          ? { details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', ...errorInfo, metadata: { service: 'compute.googleapis.com' } }] }
          : {}),
      },
    },
  };
}
