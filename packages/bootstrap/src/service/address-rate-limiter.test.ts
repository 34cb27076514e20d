import { describe, expect, it } from 'vitest';
import { SteppableClock } from '../test-support/steppable-clock.js';
import { AddressRateLimiter } from './address-rate-limiter.js';

describe('AddressRateLimiter', () => {
  it('allows a burst per address, then one request per refill interval, and says how long to wait', () => {
    const clock = new SteppableClock();
    const limiter = new AddressRateLimiter({ ratePerSecond: 4, burst: 3, clock });
    expect([limiter.take('10.0.0.1'), limiter.take('10.0.0.1'), limiter.take('10.0.0.1')]).toEqual([0, 0, 0]);
    expect(limiter.take('10.0.0.1')).toBe(250);
    expect(limiter.take('10.0.0.2')).toBe(0);
    clock.advance(250);
    expect(limiter.take('10.0.0.1')).toBe(0);
    expect(limiter.take('10.0.0.1')).toBe(250);
  });

  it('refuses settings that would block everyone', () => {
    const clock = new SteppableClock();
    expect(() => new AddressRateLimiter({ ratePerSecond: 0, burst: 3, clock })).toThrow('rateLimit.ratePerSecond must be above 0');
    expect(() => new AddressRateLimiter({ ratePerSecond: 1, burst: 0, clock })).toThrow('rateLimit.burst must be at least 1');
  });
});
