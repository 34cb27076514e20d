/** The real clock: wall time and timers. */
import type { ClockV1 } from '@slipway/core';

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
