/**
 * The Metal API's errors: how the emulator raises them (a CloudFault with the
 * HTTP status) and how it renders any CloudFault the way the API does,
 * `{"errors":["…"]}` with 401, 403, 404, 422, 429 (with Retry-After) or a 5xx.
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

export function metalError(status: number, message: string): CloudFault {
  return new CloudFault(message, { kind: kindOfStatus(status), status });
}

export const metalNotFound = (): CloudFault => metalError(404, 'Not found');

/** A 422 naming the field, as the API's validation answers do. */
export const metalUnprocessable = (field: string, problem: string): CloudFault => metalError(422, `${field} ${problem}`);

export function renderMetalError(fault: CloudFault): EmulatorHttpReply {
  let status: number;
  let message = fault.message;
  switch (fault.kind) {
    case 'throttling':
      status = fault.status ?? 429;
      break;
    case 'server-error':
      status = fault.status ?? 503;
      break;
    case 'quota':
      // Metal answers an exhausted capacity or quota on device creation with a 422 that says so.
      status = fault.status ?? 422;
      message = `Oh snap, the project has no provisionable servers left matching your criteria: ${fault.message}`;
      break;
    case 'not-found':
      status = fault.status ?? 404;
      break;
    case 'conflict':
      status = fault.status ?? 409;
      break;
    default:
      status = fault.status ?? 422;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(fault.retryAfterSeconds)));
  return { status, headers, body: { errors: [message] } };
}
