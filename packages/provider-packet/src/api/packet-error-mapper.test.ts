import { ProviderApiError, TerminalError, TransientError } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { mapPacketError } from './packet-error-mapper.js';

const answer = (status: number, body: unknown, retryAfter: string | null = null) => ({ status, body, retryAfter });

describe('mapPacketError', () => {
  it('429 is retryable with the Retry-After wait; 5xx is retryable', () => {
    const throttled = mapPacketError(answer(429, { errors: ['slow down'] }, '3'), 'createDevice web-1');
    expect(ProviderApiError.isInstance(throttled) && [throttled.isRetryable, throttled.retryAfterMs, throttled.code]).toEqual([true, 3000, 'TooManyRequests']);
    const unavailable = mapPacketError(answer(503, { errors: ['down'] }), 'findDeviceById x');
    expect(ProviderApiError.isInstance(unavailable) && [unavailable.isRetryable, unavailable.statusCode]).toEqual([true, 503]);
  });

  it('a 422 about capacity or limits is InsufficientResources; any other 422 is InvalidConfiguration with the API\'s words', () => {
    const capacity = mapPacketError(answer(422, { errors: ['facility sjc1 has no provisionable c3.small.x86 servers matching your criteria'] }), 'createDevice web-1');
    expect(TerminalError.isInstance(capacity) && capacity.reason).toBe('InsufficientResources');
    const badPlan = mapPacketError(answer(422, { errors: ['plan x9.huge is not a valid plan'] }), 'createDevice web-1');
    expect(TerminalError.isInstance(badPlan) && badPlan.reason).toBe('InvalidConfiguration');
    expect(badPlan.message).toContain('plan x9.huge is not a valid plan');
  });

  it('401 and 403 are terminal and name the token variables; 404 is a non-retryable notFound', () => {
    const refused = mapPacketError(answer(401, { error: 'Invalid authentication token' }), 'findProjectDevices p');
    expect(TerminalError.isInstance(refused) && refused.reason).toBe('InvalidConfiguration');
    expect(refused.message).toContain('PACKET_API_KEY');
    const missing = mapPacketError(answer(404, { errors: ['Not found'] }), 'findDeviceById x');
    expect(ProviderApiError.isInstance(missing) && [missing.isRetryable, missing.code]).toEqual([false, 'notFound']);
  });

  it('a broken connection is retryable; anything else without an answer is transient', () => {
    const reset = mapPacketError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } }), 'deleteDevice x');
    expect(ProviderApiError.isInstance(reset) && [reset.isRetryable, reset.code]).toEqual([true, 'UND_ERR_SOCKET']);
    expect(TransientError.isInstance(mapPacketError(new Error('odd'), 'deleteDevice x'))).toBe(true);
  });
});
