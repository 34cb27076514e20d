/**
 * The one place where AWS API errors become Slipway errors. Callers never look
 * at a raw SDK error: whether a failure is transient (throttling, 5xx, a lost
 * connection), terminal with a Machine status reason (capacity, limits, bad
 * configuration) or something the caller handles (NotFound, a ClientToken
 * reused with other parameters) is decided here, once.
 */
import { ProviderApiError, SlipwayError, TerminalError, TransientError } from '@slipway/core';

/** Throttling and server-side trouble: retry with backoff, honouring Retry-After. */
const transientCodes = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'Unavailable',
]);

/** Not enough of something in the cloud or the account: terminal `InsufficientResources`. */
const insufficientResourcesCodes = new Set([
  'InsufficientInstanceCapacity',
  'InstanceLimitExceeded',
  'VcpuLimitExceeded',
  'InsufficientFreeAddressesInSubnet',
  'AddressLimitExceeded',
  'VpcLimitExceeded',
  'NatGatewayLimitExceeded',
  'SecurityGroupLimitExceeded',
  'TooManyLoadBalancers',
  'TooManyTargetGroups',
  'MaxSpotInstanceCountExceeded',
]);

/** The request names something wrong: terminal `InvalidConfiguration`. */
const invalidConfigurationCodes = new Set([
  'InvalidParameterValue',
  'InvalidParameter',
  'InvalidParameterCombination',
  'MissingParameter',
  'UnknownParameter',
  'InvalidKeyPair.NotFound',
  'InvalidGroup.NotFound',
  'InvalidVpcID.NotFound',
  'InvalidInstanceType',
  'ValidationError',
  'InvalidConfigurationRequest',
  'SubnetNotFound',
]);

/** Credentials or permissions: nothing in the Machine is wrong, and retrying the same call will not help. */
const authorizationCodes = new Set(['AuthFailure', 'UnauthorizedOperation', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'OptInRequired', 'Blocked', 'AccessDenied', 'ExpiredToken']);

interface SdkErrorShape {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: { headers?: Record<string, string | undefined> };
  code?: string;
}

export function mapAwsError(error: unknown, operation: string): SlipwayError {
  if (SlipwayError.isInstance(error)) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  // ELBv2's modelled errors reach us named after their SDK class (TargetGroupNotFoundException);
  // the wire code, which AWS documents and this mapper matches on, has no suffix.
  const code = (shape.name ?? shape.code ?? 'Unknown').replace(/(?<=.)Exception$/, '');
  const requestId = shape.$metadata?.requestId;
  const detail = shape.message ? `: ${shape.message}` : '';

  if (status === undefined) {
    // No HTTP answer at all: a reset connection, a timeout, a lost reply. The
    // request may or may not have been done; our calls are idempotent, so retry.
    if (code === 'AbortError') return new TransientError(`${operation} was aborted`, { cause: error });
    return new TransientError(`${operation} got no answer from AWS (${code}${detail}); it will be retried`, { cause: error });
  }
  const options = { code, statusCode: status, ...(requestId !== undefined ? { requestId } : {}), cause: error };
  // Before the 5xx rule: EC2 sends InsufficientInstanceCapacity as a 500, yet the same request will not succeed on retry.
  if (insufficientResourcesCodes.has(code)) {
    return new TerminalError('InsufficientResources', `${operation} failed: ${code}${detail}`, { cause: error });
  }
  if (transientCodes.has(code) || status >= 500) {
    const retryAfterMs = retryAfterMilliseconds(shape.$response?.headers);
    return new ProviderApiError(`${operation} failed with ${code} (HTTP ${status})${detail}; it will be retried`, {
      ...options,
      isRetryable: true,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (invalidConfigurationCodes.has(code) || code.startsWith('InvalidAMIID.') || code.startsWith('InvalidSubnetID.') || code.startsWith('InvalidGroupId.')) {
    return new TerminalError('InvalidConfiguration', `${operation} was refused: ${code}${detail}; fix the providerSpec`, { cause: error });
  }
  if (authorizationCodes.has(code)) {
    return new ProviderApiError(
      `${operation} was not authorized (${code})${detail}; check the AWS credentials and that their IAM policy allows ec2:${operation} (see the provider README)`,
      { ...options, isRetryable: false },
    );
  }
  // NotFound, IdempotentParameterMismatch, DependencyViolation, ...: callers decide by code.
  return new ProviderApiError(`${operation} failed with ${code} (HTTP ${status})${detail}`, { ...options, isRetryable: false });
}

/** The AWS error code behind a mapped error, for callers that handle specific codes. */
export function awsErrorCode(error: unknown): string | undefined {
  if (ProviderApiError.isInstance(error)) return error.code;
  const cause = (error as { cause?: SdkErrorShape } | undefined)?.cause;
  return cause?.name?.replace(/(?<=.)Exception$/, '');
}

function retryAfterMilliseconds(headers: Record<string, string | undefined> | undefined): number | undefined {
  const value = headers?.['retry-after'] ?? headers?.['Retry-After'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
