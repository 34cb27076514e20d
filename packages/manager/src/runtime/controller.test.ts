import { describe, expect, it } from 'vitest';
import { TransientError } from '@slipway/core';
import { createLogger } from '../observability/create-logger.js';
import { createManagerMetrics } from '../observability/manager-metrics.js';
import { Controller, type ReconcileFunction } from './controller.js';
import { createManualClock } from './manual-clock.js';

const logger = createLogger({ level: 'silent' });
const flush = () => new Promise((resolve) => setImmediate(resolve));

function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('Controller', () => {
  it('runs at most `concurrency` reconciles at once and never one key twice at once', async () => {
    const clock = createManualClock();
    const release = gate();
    let running = 0;
    let peak = 0;
    const perKey = new Map<string, number>();
    let overlapping = false;
    const reconcile: ReconcileFunction = async (key) => {
      running += 1;
      peak = Math.max(peak, running);
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
      if ((perKey.get(key) ?? 0) > 1) overlapping = true;
      await release.opened;
      perKey.set(key, (perKey.get(key) ?? 1) - 1);
      running -= 1;
    };
    const controller = new Controller({ name: 'test', reconcile, concurrency: 3, clock, logger });
    controller.start();
    for (let index = 0; index < 10; index += 1) controller.enqueue(`key-${index % 5}`);
    await flush();
    for (let index = 0; index < 5; index += 1) controller.enqueue(`key-${index}`);
    await flush();
    expect(running).toBe(3);
    release.open();
    await controller.queue.whenIdle();
    expect(peak).toBe(3);
    expect(overlapping).toBe(false);
    await controller.stop();
  });

  it('requeues after requeueAfterMs, after a TransientError\'s wait, and with backoff otherwise', async () => {
    const clock = createManualClock();
    const calls: string[] = [];
    const reconcile: ReconcileFunction = async (key) => {
      calls.push(key);
      if (key === 'later' && calls.filter((call) => call === key).length === 1) return { requeueAfterMs: 1_000 };
      if (key === 'transient' && calls.filter((call) => call === key).length === 1) throw new TransientError('busy', { requeueAfterMs: 500 });
      if (key === 'failing' && calls.filter((call) => call === key).length < 3) throw new Error('boom');
      return undefined;
    };
    const metrics = createManagerMetrics();
    const controller = new Controller({ name: 'test', reconcile, clock, logger, metrics });
    controller.start();
    controller.enqueue('later');
    controller.enqueue('transient');
    controller.enqueue('failing');
    await controller.queue.whenIdle();
    expect(calls).toEqual(['later', 'transient', 'failing']);
    clock.advance(5);
    await flush();
    await controller.queue.whenIdle();
    expect(calls.filter((call) => call === 'failing')).toHaveLength(2);
    clock.advance(10);
    await flush();
    await controller.queue.whenIdle();
    expect(calls.filter((call) => call === 'failing')).toHaveLength(3);
    clock.advance(485);
    await flush();
    await controller.queue.whenIdle();
    expect(calls.filter((call) => call === 'transient')).toHaveLength(2);
    expect(calls.filter((call) => call === 'later')).toHaveLength(1);
    clock.advance(500);
    await flush();
    await controller.queue.whenIdle();
    expect(calls.filter((call) => call === 'later')).toHaveLength(2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('slipway_reconcile_total{controller="test",result="requeue"} 1');
    expect(text).toContain('slipway_reconcile_errors_total{controller="test",kind="other"} 2');
    expect(text).toContain('slipway_reconcile_errors_total{controller="test",kind="transient"} 1');
    await controller.stop();
  });

  it('stops gracefully: reconciles in flight finish, queued keys are not started', async () => {
    const release = gate();
    const finished: string[] = [];
    const started: string[] = [];
    const controller = new Controller({
      name: 'test',
      clock: createManualClock(),
      logger,
      reconcile: async (key) => {
        started.push(key);
        await release.opened;
        finished.push(key);
      },
    });
    controller.start();
    controller.enqueue('first');
    controller.enqueue('second');
    await flush();
    let stopped = false;
    const stopping = controller.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    release.open();
    await stopping;
    expect(finished).toEqual(['first']);
    expect(started).toEqual(['first']);
  });

  it('aborts the signal of reconciles still running after abortAfterMs', async () => {
    let seenAbort: unknown;
    const controller = new Controller({
      name: 'test',
      clock: createManualClock(),
      logger,
      reconcile: (_key, signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            seenAbort = signal.reason;
            resolve();
          });
        }),
    });
    controller.start();
    controller.enqueue('stuck');
    await flush();
    await controller.stop({ abortAfterMs: 1 });
    expect(String(seenAbort)).toContain('controller test is stopping');
  });
});
