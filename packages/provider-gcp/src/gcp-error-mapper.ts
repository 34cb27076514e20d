import { ProviderApiError, SlipwayError, TerminalError, TransientError } from '@slipway/core';

/**
 * The one place where Google Compute Engine API errors become Slipway errors.
 * Callers never look at a raw SDK error: transient or terminal is decided here.
 */
export function mapGcpError(error: unknown, operation: string): SlipwayError {
  if (SlipwayError.isInstance(error)) return error;
  const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
  const code = (error as { code?: string }).code ?? 'Unknown';
  if (status === 429 || (status !== undefined && status >= 500)) {
    return new ProviderApiError(`${operation} failed with ${code} (HTTP ${status}); will retry`, { code, statusCode: status, isRetryable: true, cause: error });
  }
  if (status === 400 || status === 422) {
    return new TerminalError('InvalidConfiguration', `${operation} was rejected: ${code}`, { cause: error });
  }
  return new TransientError(`${operation} failed: ${code}`, { cause: error });
}
