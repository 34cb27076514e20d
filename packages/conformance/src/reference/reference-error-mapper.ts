/**
 * The one place where the reference actuator turns what its cloud throws into
 * Slipway errors: throttling, 5xx and dropped connections are transient (with
 * the cloud's Retry-After), quotas are InsufficientResources, refused
 * parameters are InvalidConfiguration, anything else a ProviderApiError.
 */
import { ProviderApiError, SlipwayError, TerminalError, TransientError } from '@slipway/core';

interface CloudErrorShape {
  kind?: string;
  code?: string;
  status?: number;
  retryAfterSeconds?: number;
  message?: string;
  name?: string;
}

export function isNotFound(error: unknown): boolean {
  return (error as CloudErrorShape | undefined)?.kind === 'not-found';
}

export function mapReferenceCloudError(error: unknown, operation: string): SlipwayError {
  if (SlipwayError.isInstance(error)) return error;
  const shape = (error ?? {}) as CloudErrorShape;
  const message = `${operation}: ${shape.message ?? String(error)}`;
  if (shape.name === 'AbortError' || shape.name === 'TimeoutError') {
    return new TransientError(`${operation} was aborted`, { cause: error });
  }
  if (shape.code === 'ECONNRESET' || shape.code === 'ECONNREFUSED' || shape.code === 'ETIMEDOUT') {
    return new TransientError(message, { cause: error });
  }
  switch (shape.kind) {
    case 'throttling':
    case 'server-error':
      return new ProviderApiError(message, {
        code: shape.code ?? shape.kind,
        isRetryable: true,
        cause: error,
        ...(shape.status !== undefined ? { statusCode: shape.status } : {}),
        ...(shape.retryAfterSeconds !== undefined ? { retryAfterMs: shape.retryAfterSeconds * 1000 } : {}),
      });
    case 'quota':
      return new TerminalError('InsufficientResources', message, { cause: error });
    case 'invalid-request':
      return new TerminalError('InvalidConfiguration', message, { cause: error });
    default:
      return new ProviderApiError(message, {
        code: shape.code ?? shape.kind ?? 'Unknown',
        isRetryable: false,
        cause: error,
        ...(shape.status !== undefined ? { statusCode: shape.status } : {}),
      });
  }
}
