/**
 * A clock that moves only when told to: tests step through backoffs, requeues
 * and deadlines without sleeping.
 */
import type { ClockV1 } from '@slipway/core';

export interface ManualClock extends ClockV1 {
  /** Moves time forward, waking every sleeper whose time has come, in order. */
  advance(milliseconds: number): void;
  /** How many sleepers are waiting. */
  readonly pendingSleeps: number;
}

interface Sleeper {
  wakeAt: number;
  resolve(): void;
}

export function createManualClock(startAt = Date.parse('2026-01-01T00:00:00Z')): ManualClock {
  let now = startAt;
  let sleepers: Sleeper[] = [];
  return {
    now: () => now,
    sleep(milliseconds, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const sleeper: Sleeper = {
          wakeAt: now + Math.max(0, milliseconds),
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          sleepers = sleepers.filter((other) => other !== sleeper);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
      });
    },
    advance(milliseconds) {
      now += milliseconds;
      const due = sleepers.filter((sleeper) => sleeper.wakeAt <= now).sort((a, b) => a.wakeAt - b.wakeAt);
      sleepers = sleepers.filter((sleeper) => sleeper.wakeAt > now);
      for (const sleeper of due) sleeper.resolve();
    },
    get pendingSleeps() {
      return sleepers.length;
    },
  };
}
