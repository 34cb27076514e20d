/**
 * The one place where OpenStack answers become Slipway errors. Rate answers
 * (429, and 403/413 `overLimit` that say "rate" or carry Retry-After) and 5xx
 * are retryable, as are Octavia's 409 "immutable" while a load balancer is
 * PENDING_*; an exhausted quota (Nova's 403/413 "Quota exceeded", Neutron's
 * OverQuota) is a terminal InsufficientResources; a refused request (400) is a
 * terminal InvalidConfiguration with the service's own message; refused
 * credentials are terminal too. Anything else keeps its status and code in a
 * ProviderApiError, and no raw error ever leaves.
 */
import { ProviderApiError, SlipwayError, TerminalError } from '@slipway/core';
import { OpenStackHttpError } from './openstack-http-error.js';

const connectionCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET', 'EHOSTUNREACH', 'ENETUNREACH']);

export function isQuotaAnswer(error: OpenStackHttpError): boolean {
  return (error.status === 403 || error.status === 413 || error.status === 409) && /quota/i.test(`${error.code} ${error.detail}`);
}

export function isRateAnswer(error: OpenStackHttpError): boolean {
  if (error.status === 429) return true;
  if (error.status !== 403 && error.status !== 413) return false;
  return !isQuotaAnswer(error) && (error.retryAfterMs !== undefined || /rate|too many|overLimit/i.test(`${error.code} ${error.detail}`));
}

export function isImmutableAnswer(error: OpenStackHttpError): boolean {
  return error.status === 409 && /immutable|PENDING_/i.test(error.detail);
}

export function mapOpenStackError(error: unknown, operation: string): SlipwayError {
  if (SlipwayError.isInstance(error)) return error;
  if (error instanceof OpenStackHttpError) {
    const common = { code: error.code, statusCode: error.status, ...(error.requestId !== undefined ? { requestId: error.requestId } : {}), cause: error };
    if (isRateAnswer(error)) {
      return new ProviderApiError(`${operation} was throttled (HTTP ${error.status}: ${error.detail}); retrying`, { ...common, code: error.code === `HTTP${error.status}` ? 'overLimit' : error.code, isRetryable: true, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) });
    }
    if (isQuotaAnswer(error)) return new TerminalError('InsufficientResources', `${operation}: the project's quota is exhausted: ${error.detail}. Free some resources or ask for a larger quota.`, { cause: error });
    if (error.status === 409 && error.code === 'IpAddressGenerationFailure') {
      return new TerminalError('InsufficientResources', `${operation}: the subnet has no free address left (${error.detail}). Widen the Cluster's managedNetwork.cidr, or free ports.`, { cause: error });
    }
    if (isImmutableAnswer(error)) return new ProviderApiError(`${operation}: the load balancer is busy (${error.detail}); retrying`, { ...common, code: 'Immutable', isRetryable: true });
    if (error.status === 401) return new TerminalError('InvalidConfiguration', `${operation}: Keystone refused the credentials (${error.detail}). Check the user, password or application credential, and the project.`, { cause: error });
    if (error.status >= 500 || error.status === 408) return new ProviderApiError(`${operation} failed on the cloud's side (HTTP ${error.status} ${error.code}: ${error.detail}); retrying`, { ...common, isRetryable: true });
    if (error.status === 400) return new TerminalError('InvalidConfiguration', `${operation} was refused: ${error.detail}`, { cause: error });
    if (error.status === 403) return new TerminalError('InvalidConfiguration', `${operation} is not allowed for these credentials: ${error.detail}`, { cause: error });
    return new ProviderApiError(`${operation}: HTTP ${error.status} ${error.code}: ${error.detail}`, { ...common, isRetryable: false });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && connectionCodes.has(code)) {
    return new ProviderApiError(`${operation}: the connection failed (${code}); retrying`, { code, isRetryable: true, cause: error });
  }
  if (error instanceof Error && /socket hang up|other side closed|aborted/i.test(error.message)) {
    return new ProviderApiError(`${operation}: the connection failed (${error.message}); retrying`, { code: 'ECONNRESET', isRetryable: true, cause: error });
  }
  return new ProviderApiError(`${operation} failed: ${error instanceof Error ? error.message : String(error)}`, { code: 'Unknown', isRetryable: false, cause: error });
}

export function isNotFound(error: unknown): boolean {
  return ProviderApiError.isInstance(error) && error.statusCode === 404;
}
