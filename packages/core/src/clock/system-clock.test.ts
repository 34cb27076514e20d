import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './system-clock.js';

describe('systemClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells wall time and sleeps on timers', async () => {
    expect(systemClock.now()).toBe(1_000);
    let woke = false;
    const sleeping = systemClock.sleep(500).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(woke).toBe(true);
  });

  it('stops sleeping with the reason when its signal aborts, and refuses an aborted signal at once', async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(10_000, controller.signal);
    controller.abort(new Error('shutting down'));
    await expect(sleeping).rejects.toThrow('shutting down');
    await expect(systemClock.sleep(1, controller.signal)).rejects.toThrow('shutting down');
  });
});
