/**
 * Azure Resource Manager errors on the wire: `{"error":{"code","message","target"}}`
 * with the status ARM uses for each kind of fault, and Retry-After on throttling.
 * The emulator raises the cloud's own errors through `azureApiError`, and the
 * framework's injected faults are rendered here too.
 */
import type { CloudFault } from '../faults/cloud-fault.js';
import { CloudFault as CloudFaultClass } from '../faults/cloud-fault.js';
import type { EmulatorHttpReply } from '../server/emulator-http-request.js';

/** The status and code ARM answers for each fault kind when the raiser named none. */
const defaults: Record<CloudFault['kind'], { status: number; code: string }> = {
  throttling: { status: 429, code: 'SubscriptionRequestsThrottled' },
  'server-error': { status: 500, code: 'InternalServerError' },
  // Compute reports exhausted core quota as OperationNotAllowed with a quota message.
  quota: { status: 409, code: 'OperationNotAllowed' },
  'not-found': { status: 404, code: 'ResourceNotFound' },
  'invalid-request': { status: 400, code: 'InvalidParameter' },
  conflict: { status: 409, code: 'Conflict' },
};

/** An ARM error to throw from a handler. */
export function azureApiError(status: number, code: string, message: string): CloudFaultClass {
  const kind: CloudFault['kind'] =
    status === 404 ? 'not-found' : status === 409 ? 'conflict' : status === 429 ? 'throttling' : status >= 500 ? 'server-error' : 'invalid-request';
  return new CloudFaultClass(message, { kind, code, status });
}

export interface AzureErrorRenderingOptions {
  /** Converts a wait in emulated seconds into the real seconds a client will sleep (the clock may run faster). */
  toRealSeconds(emulatedSeconds: number): number;
  requestId(): string;
}

export function renderAzureError(fault: CloudFault, options: AzureErrorRenderingOptions): EmulatorHttpReply {
  const fallback = defaults[fault.kind];
  const status = fault.status ?? fallback.status;
  const code = fault.code ?? fallback.code;
  const message =
    fault.kind === 'quota' && fault.code === undefined
      ? `Operation could not be completed as it results in exceeding approved quota. ${fault.message}`
      : fault.message;
  const headers: Record<string, string> = { 'x-ms-request-id': options.requestId() };
  if (fault.kind === 'throttling' || status === 429) {
    // Whole seconds of real time; 0 when the emulator clock runs so fast that the wait is under half a real second.
    headers['retry-after'] = String(Math.max(0, options.toRealSeconds(fault.retryAfterSeconds ?? 1)));
  }
  return { status, headers, body: { error: { code, message } } };
}
