import { CloudFault, EmulatedConnectionError } from '@slipway/cloud-emulator';
import { ProviderApiError, TerminalError, TransientError } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { mapReferenceCloudError } from './reference-error-mapper.js';

describe('mapReferenceCloudError', () => {
  it('makes throttling retryable with the cloud’s Retry-After', () => {
    const mapped = mapReferenceCloudError(new CloudFault('slow down', { kind: 'throttling', code: 'RequestLimitExceeded', retryAfterSeconds: 3 }), 'run instance');
    expect(ProviderApiError.isInstance(mapped) && [mapped.isRetryable, mapped.retryAfterMs, mapped.code]).toEqual([true, 3_000, 'RequestLimitExceeded']);
  });

  it('classifies quotas, refused parameters, dropped connections and aborts', () => {
    const quota = mapReferenceCloudError(new CloudFault('no more', { kind: 'quota' }), 'run instance');
    expect(TerminalError.isInstance(quota) && quota.reason).toBe('InsufficientResources');
    const invalid = mapReferenceCloudError(new CloudFault('bad type', { kind: 'invalid-request' }), 'run instance');
    expect(TerminalError.isInstance(invalid) && invalid.reason).toBe('InvalidConfiguration');
    expect(TransientError.isInstance(mapReferenceCloudError(new EmulatedConnectionError('RunInstance'), 'run instance'))).toBe(true);
    expect(TransientError.isInstance(mapReferenceCloudError(new DOMException('stop', 'AbortError'), 'run instance'))).toBe(true);
  });

  it('wraps anything else in a terminal ProviderApiError that keeps the cause and names the operation', () => {
    const raw = new Error('what is this');
    const mapped = mapReferenceCloudError(raw, 'describe address');
    expect(ProviderApiError.isInstance(mapped) && [mapped.isRetryable, mapped.message, mapped.cause]).toEqual([false, 'describe address: what is this', raw]);
  });
});
