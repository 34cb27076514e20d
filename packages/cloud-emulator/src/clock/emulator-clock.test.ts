import { describe, expect, it } from 'vitest';
import { createEmulatorClock } from './emulator-clock.js';

describe('createEmulatorClock', () => {
  it('moves only through advance in manual mode and runs due timers in order', async () => {
    const clock = createEmulatorClock({ mode: 'manual', startAt: 1_000 });
    const fired: string[] = [];
    clock.schedule(300, () => fired.push('late'));
    clock.schedule(100, () => fired.push('early'));
    expect(clock.now()).toBe(1_000);
    await clock.advance(150);
    expect(fired).toEqual(['early']);
    expect(clock.now()).toBe(1_150);
    await clock.advance(150);
    expect(fired).toEqual(['early', 'late']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('completes chains of sleeps that fall inside one advance', async () => {
    const clock = createEmulatorClock({ mode: 'manual', startAt: 0 });
    const steps: number[] = [];
    const chain = (async () => {
      for (let step = 0; step < 3; step += 1) {
        await clock.sleep(1_000);
        steps.push(clock.now());
      }
    })();
    await clock.advance(3_000);
    await chain;
    expect(steps).toEqual([1_000, 2_000, 3_000]);
  });

  it('rejects a sleep with the signal reason when aborted', async () => {
    const clock = createEmulatorClock({ mode: 'manual' });
    const controller = new AbortController();
    const sleeping = clock.sleep(10_000, controller.signal);
    controller.abort(new Error('stop now'));
    await expect(sleeping).rejects.toThrow('stop now');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('runs emulated time faster than real time in scaled mode', async () => {
    const clock = createEmulatorClock({ speed: 1_000 });
    const before = clock.now();
    // 5 emulated seconds at speed 1000 take about 5 real milliseconds.
    await clock.sleep(5_000);
    expect(clock.now() - before).toBeGreaterThanOrEqual(5_000);
    clock.dispose();
  });

  it('refuses a speed that is not above zero, naming the option', () => {
    expect(() => createEmulatorClock({ speed: 0 })).toThrow(/options\.speed/);
  });
});
