/**
 * The Resource Manager request limits, as ARM publishes them for its token-bucket
 * throttling: per subscription and principal, a bucket of 250 reads refilled at
 * 25 a second and one of 200 writes (PUT, PATCH, POST, DELETE) refilled at 10 a
 * second. The emulator's action names end in `/read`, `/list` or `/write`,
 * `/delete`, `/action`, which is how a request finds its bucket.
 */
import type { ThrottlingPolicy } from '../faults/fault-switchboard.js';

export const azureResourceManagerLimits = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
} as const;

export const azureThrottlingPolicy: ThrottlingPolicy = (action) =>
  /\/(read|list)$/.test(action)
    ? { bucket: 'reads', limits: azureResourceManagerLimits.reads }
    : { bucket: 'writes', limits: azureResourceManagerLimits.writes };
