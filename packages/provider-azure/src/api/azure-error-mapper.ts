import { ProviderApiError, SlipwayError, TerminalError, TransientError } from '@slipway/core';

/**
 * The one place where Azure errors become Slipway errors; callers never look
 * at a raw SDK error. Throttling (429) and server errors (5xx) are transient
 * and keep Retry-After; no capacity or quota is InsufficientResources; a
 * request Azure rejects as malformed, or an image that does not exist, is
 * InvalidConfiguration; a dropped connection is transient.
 */
const insufficientResourceCodes = new Set(['SkuNotAvailable', 'QuotaExceeded', 'AllocationFailed', 'ZonalAllocationFailed', 'OverconstrainedAllocationRequest']);
const invalidConfigurationCodes = new Set([
  'InvalidParameter',
  'ImageNotFound',
  'PlatformImageNotFound',
  'InvalidResourceName',
  'InvalidResourceReference',
  'InvalidRequestContent',
  'InvalidRequestFormat',
  'InvalidTag',
  'InvalidTagNameCharacters',
  'InvalidTagNameLength',
  'InvalidTagValueLength',
  'LocationRequired',
  'InvalidAddressPrefixFormat',
  'SecurityRuleInvalidPriority',
  'SecurityRulesWithSamePriority',
  'InvalidResourceGroupLocation',
]);

interface AzureRestErrorLike {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  response?: { headers?: { get(name: string): string | undefined }; bodyAsText?: string | null };
}

function retryAfterMsOf(error: AzureRestErrorLike): number | undefined {
  const header = error.response?.headers?.get('retry-after');
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function mapAzureError(error: unknown, operation: string): SlipwayError {
  if (SlipwayError.isInstance(error)) return error;
  const failure = (typeof error === 'object' && error !== null ? error : {}) as AzureRestErrorLike;
  if (failure.name === 'AbortError') {
    return new TransientError(`${operation} was aborted before it finished; it is safe to call again`, { cause: error });
  }
  const status = failure.statusCode;
  const code = failure.code ?? (status === undefined ? 'ConnectionError' : `HTTP${status}`);
  const detail = failure.message ?? String(error);
  if (status === undefined) {
    // No answer at all: a reset connection, a lost reply, a DNS failure. The request may or may not have been carried out.
    return new ProviderApiError(`${operation}: no answer from Azure Resource Manager (${code}: ${detail}); will retry`, {
      code,
      isRetryable: true,
      cause: error,
    });
  }
  if (insufficientResourceCodes.has(code) || (code === 'OperationNotAllowed' && /quota/i.test(detail))) {
    return new TerminalError('InsufficientResources', `${operation}: Azure has no capacity or quota for it (${code}): ${detail}`, { cause: error });
  }
  if (invalidConfigurationCodes.has(code)) {
    return new TerminalError('InvalidConfiguration', `${operation}: Azure rejected the request (${code}): ${detail}`, { cause: error });
  }
  if (status === 429 || status >= 500 || status === 409 || status === 408) {
    const retryAfterMs = retryAfterMsOf(failure);
    return new ProviderApiError(`${operation} failed with ${code} (HTTP ${status}): ${detail}; will retry`, {
      code,
      statusCode: status,
      isRetryable: true,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      cause: error,
    });
  }
  if (status === 401 || status === 403) {
    return new ProviderApiError(
      `${operation} was refused (${code}, HTTP ${status}): ${detail}. The identity needs the roles listed in the @slipway/provider-azure README on the subscription or resource group.`,
      { code, statusCode: status, isRetryable: false, cause: error },
    );
  }
  if (status === 400) {
    return new TerminalError('InvalidConfiguration', `${operation}: Azure rejected the request (${code}): ${detail}`, { cause: error });
  }
  return new ProviderApiError(`${operation} failed with ${code} (HTTP ${status}): ${detail}`, { code, statusCode: status, isRetryable: false, cause: error });
}

/** True for an SDK error with this HTTP status (a 404 that a caller expects, say). */
export function isAzureStatus(error: unknown, status: number): boolean {
  return typeof error === 'object' && error !== null && (error as AzureRestErrorLike).statusCode === status;
}
