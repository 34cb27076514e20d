/**
 * The real clock behind `ClockV1`: wall time and timers. Everything that takes a
 * clock defaults to this one; tests pass a fake or an emulator's sped-up clock.
 */
import type { ClockV1 } from '../actuator/v1/actuator-v1-context.js';

export const systemClock: ClockV1 = {
  now: () => Date.now(),
  sleep: (milliseconds, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, milliseconds));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
