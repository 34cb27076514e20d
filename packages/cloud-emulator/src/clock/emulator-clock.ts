/**
 * The emulator's clock: the time every delay in an emulated cloud runs on (boot
 * and termination delays, token-bucket refills, eventual-consistency windows,
 * latency). Tests either speed it up (`speed: 50` makes a 30-second boot take
 * 0.6 real seconds) or drive it by hand (`mode: 'manual'` + `advance`).
 * It satisfies core's ClockV1, so the same clock can be handed to an actuator.
 */
import type { ClockV1 } from '@slipway/core';

export interface EmulatorClockOptions {
  /** `scaled` (default): emulated time flows `speed` times faster than real time. `manual`: it moves only through `advance`. */
  mode?: 'scaled' | 'manual';
  /** How many emulated milliseconds pass per real millisecond in `scaled` mode; default 1. */
  speed?: number;
  /** The emulated time at start, in milliseconds since the epoch; default the real time. */
  startAt?: number;
}

export interface EmulatorClock extends ClockV1 {
  readonly mode: 'scaled' | 'manual';
  readonly speed: number;
  /** Runs `callback` once `milliseconds` of emulated time have passed; returns a cancel function. */
  schedule(milliseconds: number, callback: () => void): () => void;
  /**
   * Moves emulated time forward and runs every timer that falls due, in order,
   * letting promise chains settle between timers (so a sleep that schedules
   * another sleep inside the window also completes).
   */
  advance(milliseconds: number): Promise<void>;
  /** How many timers wait. */
  pendingTimers(): number;
  /** Cancels every pending timer; sleeps in progress never settle afterwards. */
  dispose(): void;
}

interface Timer {
  due: number;
  order: number;
  callback: () => void;
}

export function createEmulatorClock(options: EmulatorClockOptions = {}): EmulatorClock {
  const mode = options.mode ?? 'scaled';
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new RangeError(`createEmulatorClock: options.speed must be a finite number above 0, got ${String(options.speed)}`);
  }
  const realStart = performance.now();
  const emulatedStart = options.startAt ?? Date.now();
  let offset = 0;
  let order = 0;
  let timers: Timer[] = [];
  let realTimer: NodeJS.Timeout | undefined;
  let disposed = false;

  const now = (): number =>
    mode === 'manual' ? emulatedStart + offset : emulatedStart + offset + (performance.now() - realStart) * speed;

  const fireDue = (): void => {
    const current = now();
    const due = timers.filter((timer) => timer.due <= current).sort((a, b) => a.due - b.due || a.order - b.order);
    if (due.length === 0) return;
    timers = timers.filter((timer) => timer.due > current);
    for (const timer of due) timer.callback();
  };

  // In scaled mode one real timeout is armed for the earliest timer; it rearms itself.
  const arm = (): void => {
    if (mode === 'manual' || disposed) return;
    if (realTimer !== undefined) clearTimeout(realTimer);
    realTimer = undefined;
    if (timers.length === 0) return;
    const earliest = Math.min(...timers.map((timer) => timer.due));
    const delay = Math.max(0, (earliest - now()) / speed);
    realTimer = setTimeout(() => {
      realTimer = undefined;
      fireDue();
      arm();
    }, Math.ceil(delay));
    // Emulated timers alone never keep a process alive.
    realTimer.unref();
  };

  const schedule = (milliseconds: number, callback: () => void): (() => void) => {
    if (disposed) return () => {};
    const timer: Timer = { due: now() + Math.max(0, milliseconds), order: order++, callback };
    timers.push(timer);
    arm();
    return () => {
      timers = timers.filter((candidate) => candidate !== timer);
      arm();
    };
  };

  const sleep = (milliseconds: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        cancel();
        reject(signal?.reason);
      };
      const cancel = schedule(milliseconds, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  const advance = async (milliseconds: number): Promise<void> => {
    if (!(milliseconds >= 0)) throw new RangeError(`advance: milliseconds must be 0 or more, got ${milliseconds}`);
    const target = now() + milliseconds;
    await settle();
    // Step from timer to timer so that timers scheduled by callbacks inside the window also run.
    for (;;) {
      const next = timers.filter((timer) => timer.due <= target).sort((a, b) => a.due - b.due || a.order - b.order)[0];
      if (next === undefined) break;
      offset += Math.max(0, next.due - now());
      fireDue();
      await settle();
    }
    offset += Math.max(0, target - now());
    fireDue();
    arm();
    await settle();
  };

  return {
    mode,
    speed,
    now,
    sleep,
    schedule,
    advance,
    pendingTimers: () => timers.length,
    dispose: () => {
      disposed = true;
      timers = [];
      if (realTimer !== undefined) clearTimeout(realTimer);
    },
  };
}
