import { apiRateLimits } from '@slipway/provider-utils';
import { describe, expect, it } from 'vitest';
import { ec2ClientRateLimits, withJitterHeadroom } from './aws-rate-limits.js';

describe('the client-side EC2 buckets', () => {
  it('keep EC2’s refill rates and leave two seconds of refill as headroom in each burst', () => {
    expect(ec2ClientRateLimits).toEqual({
      runInstances: { capacity: 1, refillPerSecond: 2 },
      mutating: { capacity: 40, refillPerSecond: 5 },
      nonMutating: { capacity: 60, refillPerSecond: 20 },
    });
    for (const name of ['runInstances', 'mutating', 'nonMutating'] as const) {
      expect(ec2ClientRateLimits[name].refillPerSecond).toBe(apiRateLimits.ec2[name].refillPerSecond);
    }
  });

  it('never goes below a burst of one', () => {
    expect(withJitterHeadroom({ runInstances: { capacity: 2, refillPerSecond: 5 }, mutating: { capacity: 3, refillPerSecond: 1 }, nonMutating: { capacity: 1, refillPerSecond: 1 } })).toEqual({
      runInstances: { capacity: 1, refillPerSecond: 5 },
      mutating: { capacity: 1, refillPerSecond: 1 },
      nonMutating: { capacity: 1, refillPerSecond: 1 },
    });
  });
});
