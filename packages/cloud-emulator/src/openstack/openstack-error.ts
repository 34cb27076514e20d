/**
 * OpenStack's error bodies, one shape per service, and how the emulator raises
 * them (a CloudFault carrying the status and the service's own name for the
 * error) and renders any CloudFault, injected or raised:
 *
 * - Keystone: `{"error":{"code":401,"message":"…","title":"Unauthorized"}}`
 * - Nova:     `{"itemNotFound":{"code":404,"message":"…"}}` (badRequest, forbidden, overLimit, conflictingRequest, computeFault)
 * - Neutron:  `{"NeutronError":{"type":"NetworkNotFound","message":"…","detail":""}}`
 * - Octavia:  `{"faultcode":"Client","faultstring":"…","debuginfo":null}`
 *
 * Throttling is a 429 with Retry-After everywhere (Nova's body is `overLimit`
 * with `retryAfter`, as its rate-limit middleware answered); an exhausted
 * instance quota is Nova's 403 `Quota exceeded for instances`.
 */
import { CloudFault, type CloudFaultKind } from '../faults/cloud-fault.js';
import type { EmulatorHttpReply } from '../server/emulator-http-request.js';

export type OpenStackServiceName = 'identity' | 'compute' | 'network' | 'load-balancer';

const kindOfStatus = (status: number): CloudFaultKind => {
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'throttling';
  if (status >= 500) return 'server-error';
  return 'invalid-request';
};

/** An OpenStack API error: its HTTP status and the service's name for it (Nova `itemNotFound`, Neutron `PortNotFound`, ...). */
export function openStackError(status: number, code: string, message: string): CloudFault {
  return new CloudFault(message, { kind: kindOfStatus(status), status, code });
}

const novaCodeOfStatus: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  409: 'conflictingRequest',
  413: 'overLimit',
  429: 'overLimit',
  500: 'computeFault',
  503: 'serviceUnavailable',
};

const titleOfStatus: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function statusOf(fault: CloudFault): number {
  if (fault.status !== undefined) return fault.status;
  switch (fault.kind) {
    case 'throttling':
      return 429;
    case 'server-error':
      return 503;
    case 'quota':
      return 403;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    default:
      return 400;
  }
}

export function renderOpenStackError(fault: CloudFault, service: OpenStackServiceName): EmulatorHttpReply {
  const status = statusOf(fault);
  const headers: Record<string, string> = { 'x-openstack-request-id': `req-${crypto.randomUUID()}` };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(fault.retryAfterSeconds)));
  const message = fault.kind === 'quota' && service === 'compute' ? `Quota exceeded for instances: ${fault.message}` : fault.message;
  switch (service) {
    case 'identity':
      return { status, headers, body: { error: { code: status, message, title: titleOfStatus[status] ?? 'Error' } } };
    case 'compute': {
      const code = fault.code !== undefined && /^[a-z][A-Za-z]+$/.test(fault.code) ? fault.code : (novaCodeOfStatus[status] ?? 'computeFault');
      const body: Record<string, unknown> = { code: status, message };
      if (fault.kind === 'throttling' && fault.retryAfterSeconds !== undefined) body['retryAfter'] = headers['retry-after'];
      return { status, headers, body: { [code]: body } };
    }
    case 'network': {
      const type = fault.code ?? (fault.kind === 'throttling' ? 'OverLimit' : fault.kind === 'quota' ? 'OverQuota' : fault.kind === 'server-error' ? 'ServiceUnavailable' : 'HTTPBadRequest');
      return { status, headers, body: { NeutronError: { type, message, detail: '' } } };
    }
    case 'load-balancer':
      return { status, headers, body: { faultcode: status >= 500 ? 'Server' : 'Client', faultstring: message, debuginfo: null } };
  }
}
