/**
 * The one place where Compute Engine errors become Slipway errors. Both SDK
 * lines are understood: 6.x raises a GaxiosError (`status`/`code` = the HTTP
 * status, Google's JSON body in `response.data`), 7.x a GoogleError (`code` =
 * the gRPC status, `reason` from ErrorInfo). Errors inside a finished operation
 * (`error.errors[].code`, `httpErrorStatusCode`) are mapped here too.
 *
 * - 429, rateLimitExceeded and 5xx, and lost connections: retryable ProviderApiError (Retry-After kept);
 * - QUOTA_EXCEEDED, ZONE_RESOURCE_POOL_EXHAUSTED: TerminalError InsufficientResources;
 * - 400 invalid (bad machine type, image, field): TerminalError InvalidConfiguration;
 * - 404 and 409: non-retryable ProviderApiError with code `notFound` / `alreadyExists`,
 *   which callers test with `isNotFoundError` / `isAlreadyExistsError` (a 404 can mean
 *   "gone" to a delete and "bad reference" to an insert: the caller says which).
 */
import { ProviderApiError, SlipwayError, TerminalError, TransientError, type MachineStatusErrorReason } from '@slipway/core';

/** gRPC status codes (7.x) as the HTTP statuses the REST API sends (6.x). */
const httpStatusOfGrpcCode: Record<number, number> = {
  3: 400, // INVALID_ARGUMENT
  4: 504, // DEADLINE_EXCEEDED
  5: 404, // NOT_FOUND
  6: 409, // ALREADY_EXISTS
  7: 403, // PERMISSION_DENIED
  8: 429, // RESOURCE_EXHAUSTED
  9: 400, // FAILED_PRECONDITION
  10: 409, // ABORTED
  13: 500, // INTERNAL
  14: 503, // UNAVAILABLE
  16: 401, // UNAUTHENTICATED
};

/** Google's reasons for "slow down", whatever the HTTP status says (often 403). */
export const rateLimitReasons: ReadonlySet<string> = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED', 'RESOURCE_EXHAUSTED']);
const insufficientCodes = new Set([
  'QUOTA_EXCEEDED',
  'quotaExceeded',
  'ZONE_RESOURCE_POOL_EXHAUSTED',
  'ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS',
  'REGION_RESOURCE_POOL_EXHAUSTED',
  'RESOURCE_POOL_EXHAUSTED',
]);
const connectionCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'ECONNABORTED']);

export interface GcpErrorFacts {
  /** HTTP status, from either SDK line; undefined for a connection that failed. */
  status: number | undefined;
  /** Google's reason (`notFound`, `alreadyExists`, `rateLimitExceeded`, `invalid`...) when it gave one. */
  reason: string | undefined;
  message: string;
  retryAfterMs: number | undefined;
  /** A Node or undici network error code. */
  networkCode: string | undefined;
}

/** Reads what an SDK error says, whichever SDK line raised it. */
export function gcpErrorFacts(error: unknown): GcpErrorFacts {
  const record = (error ?? {}) as Record<string, unknown>;
  const response = record['response'] as { status?: number; data?: unknown; headers?: Record<string, string> | { get?(name: string): string | null } } | undefined;
  const body = (response?.data ?? rawPayloadOf(error) ?? jsonInMessage(error) ?? {}) as { error?: { code?: number; message?: string; errors?: { reason?: string; message?: string }[]; status?: string } };
  const code = record['code'];
  let status: number | undefined;
  if (typeof record['status'] === 'number') status = record['status'];
  else if (typeof response?.status === 'number') status = response.status;
  else if (typeof code === 'number') status = code >= 100 ? code : httpStatusOfGrpcCode[code];
  const reason =
    body.error?.errors?.[0]?.reason ??
    (typeof record['reason'] === 'string' ? record['reason'] : undefined) ??
    ((record['errors'] as { reason?: string }[] | undefined)?.[0]?.reason) ??
    body.error?.status;
  // 7.x keeps the HTTP reply of a 401 or 403 only on the GaxiosError it wraps as `cause`.
  const causeResponse = ((record['cause'] ?? {}) as Record<string, unknown>)['response'] as typeof response;
  const headers = response?.headers ?? causeResponse?.headers;
  const retryAfter = headers === undefined ? undefined : typeof (headers as { get?: unknown }).get === 'function' ? (headers as { get(name: string): string | null }).get('retry-after') ?? undefined : (headers as Record<string, string>)['retry-after'];
  const retryAfterSeconds = retryAfter === undefined ? undefined : Number(retryAfter);
  const message = body.error?.message ?? (error instanceof Error ? error.message : String(error));
  const networkCode = typeof code === 'string' && connectionCodes.has(code) ? code : connectionCodeInCause(error);
  return {
    status,
    reason,
    message,
    retryAfterMs: retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) ? retryAfterSeconds * 1000 : undefined,
    networkCode,
  };
}

/**
 * 7.x keeps only the ErrorInfo reason on its GoogleError and drops Google's legacy
 * `errors[].reason` (`resourceInUseByAnotherResource`, `notFound`...), which Compute
 * still sends without an ErrorInfo for most errors. google-gax attaches the body it
 * received under this global symbol; reading it keeps those reasons.
 */
const rawHttpResponsePayload = Symbol.for('google-gax.rawHttpResponsePayload');

function rawPayloadOf(error: unknown): unknown {
  if (error === null || typeof error !== 'object') return undefined;
  const payload = (error as Record<symbol, unknown>)[rawHttpResponsePayload];
  if (typeof payload !== 'string') return payload ?? undefined;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return undefined;
  }
}

/** Over the REST fallback a failed POST leaves Google's JSON body in the message rather than in `response.data`. */
function jsonInMessage(error: unknown): unknown {
  const message = error instanceof Error ? error.message.trim() : '';
  if (!message.startsWith('{')) return undefined;
  try {
    return JSON.parse(message) as unknown;
  } catch {
    return undefined;
  }
}

function connectionCodeInCause(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current != null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && connectionCodes.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  if (error instanceof Error && /socket hang up|ECONNRESET|other side closed|fetch failed/i.test(error.message)) return 'ECONNRESET';
  return undefined;
}

/** Maps any error thrown by a Compute call; `operation` names the call for the message (`instances.insert web-1`). */
export function mapGcpError(error: unknown, operation: string): SlipwayError {
  if (SlipwayError.isInstance(error)) return error;
  const facts = gcpErrorFacts(error);
  const { status, reason } = facts;
  const said = `${operation}: ${facts.message}`;
  if (status === undefined) {
    if (facts.networkCode !== undefined) {
      return new ProviderApiError(`${operation} lost its connection (${facts.networkCode}); retrying is safe with the same requestId`, {
        code: facts.networkCode,
        isRetryable: true,
        cause: error,
      });
    }
    return new TransientError(`${operation} failed without an HTTP answer: ${facts.message}`, { cause: error });
  }
  if (status === 429 || (reason !== undefined && rateLimitReasons.has(reason))) {
    return new ProviderApiError(`${said} (throttled; will retry)`, {
      code: reason ?? 'rateLimitExceeded',
      statusCode: status,
      isRetryable: true,
      ...(facts.retryAfterMs !== undefined ? { retryAfterMs: facts.retryAfterMs } : {}),
      cause: error,
    });
  }
  if (status >= 500) {
    return new ProviderApiError(`${said} (server error ${status}; will retry)`, {
      code: reason ?? `http${status}`,
      statusCode: status,
      isRetryable: true,
      ...(facts.retryAfterMs !== undefined ? { retryAfterMs: facts.retryAfterMs } : {}),
      cause: error,
    });
  }
  if (reason !== undefined && insufficientCodes.has(reason)) {
    return new TerminalError('InsufficientResources', `${said}. Raise the quota or choose another zone or machine type.`, { cause: error });
  }
  if (status === 404) return new ProviderApiError(said, { code: 'notFound', statusCode: 404, isRetryable: false, cause: error });
  if (status === 409) return new ProviderApiError(said, { code: reason ?? 'alreadyExists', statusCode: 409, isRetryable: false, cause: error });
  if (reason === 'resourceInUseByAnotherResource' || reason === 'resourceNotReady' || status === 412) {
    return new ProviderApiError(`${said} (waiting for a dependent resource)`, { code: reason ?? 'conditionNotMet', statusCode: status, isRetryable: true, cause: error });
  }
  if (status === 401 || status === 403) {
    return new TerminalError('InvalidConfiguration', `${said}. Check the credentials and that they hold roles/compute.instanceAdmin.v1 and roles/compute.networkAdmin (see the provider README).`, { cause: error });
  }
  return new TerminalError('InvalidConfiguration', said, { cause: error });
}

export function isNotFoundError(error: unknown): boolean {
  return ProviderApiError.isInstance(error) && error.statusCode === 404;
}

export function isAlreadyExistsError(error: unknown): boolean {
  return ProviderApiError.isInstance(error) && error.statusCode === 409;
}

export interface GcpOperationOutcome {
  name?: string | null;
  status?: unknown;
  error?: { errors?: { code?: string | null; message?: string | null }[] | null } | null;
  httpErrorStatusCode?: number | null;
  httpErrorMessage?: string | null;
}

/** The error of a finished operation, mapped; undefined when it succeeded. `otherwise` is the terminal reason of an error nothing else explains. */
export function mapGcpOperationError(
  operation: GcpOperationOutcome,
  description: string,
  otherwise: MachineStatusErrorReason = 'CreateError',
): SlipwayError | undefined {
  const errors = operation.error?.errors ?? [];
  if (errors.length === 0) return undefined;
  const codes = errors.map((entry) => entry.code ?? 'UNKNOWN');
  const message = `${description} failed in operation ${operation.name ?? '?'}: ${errors.map((entry) => `${entry.code}: ${entry.message}`).join('; ')}`;
  const status = operation.httpErrorStatusCode ?? undefined;
  if (codes.some((code) => insufficientCodes.has(code))) {
    return new TerminalError('InsufficientResources', `${message}. Raise the quota or choose another zone or machine type.`);
  }
  if (codes.some((code) => code === 'RATE_LIMIT_EXCEEDED' || code === 'RESOURCE_IN_USE_BY_ANOTHER_RESOURCE' || code === 'RESOURCE_NOT_READY') || (status !== undefined && status >= 500)) {
    return new ProviderApiError(message, { code: codes[0]!, ...(status !== undefined ? { statusCode: status } : {}), isRetryable: true });
  }
  if (status === 404 || codes.some((code) => code.includes('NOT_FOUND') || code.startsWith('INVALID'))) {
    return new TerminalError('InvalidConfiguration', message);
  }
  return new TerminalError(otherwise, message);
}
