import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { ProviderApiError, TerminalError, TransientError } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { awsErrorCode, mapAwsError } from './aws-error-mapper.js';

function ec2Error(name: string, httpStatusCode: number, headers: Record<string, string> = {}): EC2ServiceException {
  const error = new EC2ServiceException({ name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode, requestId: 'req-1' }, message: `${name} happened` });
  Object.assign(error, { $response: { statusCode: httpStatusCode, headers, body: undefined } });
  return error;
}

describe('mapAwsError', () => {
  it('makes throttling and 5xx retryable, honouring Retry-After', () => {
    const throttled = mapAwsError(ec2Error('RequestLimitExceeded', 503, { 'retry-after': '3' }), 'RunInstances');
    expect(ProviderApiError.isInstance(throttled) && throttled.isRetryable).toBe(true);
    expect(ProviderApiError.isInstance(throttled) ? throttled.retryAfterMs : undefined).toBe(3_000);
    const internal = mapAwsError(ec2Error('InternalError', 500), 'DescribeInstances');
    expect(internal.isRetryable).toBe(true);
    expect(awsErrorCode(internal)).toBe('InternalError');
  });

  it('makes capacity and limits terminal InsufficientResources', () => {
    for (const code of ['InsufficientInstanceCapacity', 'InstanceLimitExceeded', 'VcpuLimitExceeded']) {
      // EC2 sends InsufficientInstanceCapacity as a 500; it is still not worth retrying the same request.
      const mapped = mapAwsError(ec2Error(code, code === 'InsufficientInstanceCapacity' ? 500 : 400), 'RunInstances');
      expect(TerminalError.isInstance(mapped) && mapped.reason, code).toBe('InsufficientResources');
    }
  });

  it('makes bad images, subnets and parameters terminal InvalidConfiguration', () => {
    for (const code of ['InvalidAMIID.NotFound', 'InvalidAMIID.Malformed', 'InvalidParameterValue', 'InvalidSubnetID.NotFound']) {
      const mapped = mapAwsError(ec2Error(code, 400), 'RunInstances');
      expect(TerminalError.isInstance(mapped) && mapped.reason, code).toBe('InvalidConfiguration');
      expect(mapped.message).toContain(code);
    }
  });

  it('leaves NotFound and IdempotentParameterMismatch to the caller, non-retryable with their code', () => {
    const mismatch = mapAwsError(ec2Error('IdempotentParameterMismatch', 400), 'RunInstances');
    expect(mismatch.isRetryable).toBe(false);
    expect(awsErrorCode(mismatch)).toBe('IdempotentParameterMismatch');
    expect(awsErrorCode(mapAwsError(ec2Error('InvalidInstanceID.NotFound', 400), 'TerminateInstances'))).toBe('InvalidInstanceID.NotFound');
  });

  it('makes a connection that got no answer transient, and names the operation', () => {
    const reset = Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' });
    const mapped = mapAwsError(reset, 'RunInstances');
    expect(TransientError.isInstance(mapped)).toBe(true);
    expect(mapped.message).toContain('RunInstances');
  });

  it('points authorization failures at credentials and IAM', () => {
    const mapped = mapAwsError(ec2Error('UnauthorizedOperation', 403), 'RunInstances');
    expect(mapped.isRetryable).toBe(false);
    expect(mapped.message).toContain('ec2:RunInstances');
  });
});
