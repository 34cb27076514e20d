/**
 * The one place where Metal API failures become Slipway errors, decided once:
 *
 * - 429 and 5xx, and connections that broke: retryable ProviderApiError (Retry-After kept);
 * - 422 saying the metro has no provisionable servers, or a limit or quota is reached: TerminalError InsufficientResources;
 * - other 422 (a bad plan, metro, operating system, field): TerminalError InvalidConfiguration with the API's words;
 * - 401 and 403: TerminalError InvalidConfiguration naming the token's variables;
 * - 404: non-retryable ProviderApiError `notFound` (gone, to a delete; a bad reference, to a create: the caller says which).
 */
import { ProviderApiError, SlipwayError, TerminalError, TransientError } from '@slipway/core';

/** A non-2xx answer as openapi-fetch hands it back: the status, the parsed body and the headers. */
export interface MetalFailedAnswer {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

const connectionCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'ECONNABORTED', 'UND_ERR_CLOSED']);
const insufficientPattern = /no provisionable|not enough capacity|capacity|quota|limit reached|maximum number/i;

export function isMetalFailedAnswer(value: unknown): value is MetalFailedAnswer {
  return value !== null && typeof value === 'object' && typeof (value as MetalFailedAnswer).status === 'number' && 'retryAfter' in value;
}

/** What the API said: its `errors` list, or `error`, or the body as text. */
export function metalErrorMessage(body: unknown): string {
  if (body !== null && typeof body === 'object') {
    const { errors, error } = body as { errors?: unknown; error?: unknown };
    if (Array.isArray(errors) && errors.length > 0) return errors.map(String).join('; ');
    if (typeof error === 'string') return error;
  }
  return typeof body === 'string' && body !== '' ? body : 'no message';
}

function connectionCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current != null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && connectionCodes.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  if (error instanceof Error && /fetch failed|socket hang up|other side closed|terminated/i.test(error.message)) return 'ECONNRESET';
  return undefined;
}

function retryAfterMsOf(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Maps a failed answer or a thrown error of one call; `operation` names it for the message (`createDevice web-1`). */
export function mapPacketError(failure: unknown, operation: string): SlipwayError {
  if (SlipwayError.isInstance(failure)) return failure;
  if (!isMetalFailedAnswer(failure)) {
    const code = connectionCodeOf(failure);
    if (code !== undefined) {
      return new ProviderApiError(`${operation} lost its connection (${code}); the request may or may not have been carried out`, { code, isRetryable: true, cause: failure });
    }
    return new TransientError(`${operation} failed without an answer: ${failure instanceof Error ? failure.message : String(failure)}`, { cause: failure });
  }
  const { status } = failure;
  const said = `${operation}: HTTP ${status}: ${metalErrorMessage(failure.body)}`;
  const retryAfterMs = retryAfterMsOf(failure.retryAfter);
  if (status === 429) {
    return new ProviderApiError(`${said} (throttled; will retry)`, { code: 'TooManyRequests', statusCode: 429, isRetryable: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), cause: failure });
  }
  if (status >= 500) {
    return new ProviderApiError(`${said} (server error; will retry)`, { code: `http${status}`, statusCode: status, isRetryable: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), cause: failure });
  }
  if (status === 401 || status === 403) {
    return new TerminalError('InvalidConfiguration', `${said}. Check the API token (settings.token, METAL_AUTH_TOKEN or PACKET_API_KEY) and that it may use the project.`, { cause: failure });
  }
  if (status === 404) return new ProviderApiError(said, { code: 'notFound', statusCode: 404, isRetryable: false, cause: failure });
  if (status === 422 && insufficientPattern.test(metalErrorMessage(failure.body))) {
    return new TerminalError('InsufficientResources', `${said}. Choose another metro or plan, or raise the project's limits.`, { cause: failure });
  }
  if (status === 422 || status === 400) return new TerminalError('InvalidConfiguration', said, { cause: failure });
  return new ProviderApiError(said, { code: `http${status}`, statusCode: status, isRetryable: false, cause: failure });
}

export function isNotFoundError(error: unknown): boolean {
  return ProviderApiError.isInstance(error) && error.statusCode === 404;
}
