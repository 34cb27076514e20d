/**
 * A controller: a work queue of object keys and `concurrency` workers running
 * one reconcile function. Outcomes decide what happens to the key next: success
 * forgets its backoff (and honours requeueAfterMs), a TransientError comes back
 * after the provider's requeueAfterMs or the backoff, anything else after the
 * backoff. `stop()` takes no new keys and waits for the reconciles in flight.
 */
import { TerminalError, TransientError, type ClockV1 } from '@slipway/core';
import type { Logger } from 'pino';
import type { ManagerMetrics } from '../observability/manager-metrics.js';
import { ConflictError } from '../store/conflict-error.js';
import type { RateLimiterOptions } from './rate-limiter.js';
import { WorkQueue } from './work-queue.js';

export interface ReconcileResult {
  /** Visit this key again after this long, even if nothing changes. */
  requeueAfterMs?: number;
}

export type ReconcileFunction = (key: string, signal: AbortSignal) => Promise<ReconcileResult | void>;

export interface ControllerOptions {
  name: string;
  reconcile: ReconcileFunction;
  concurrency?: number;
  clock: ClockV1;
  logger: Logger;
  metrics?: ManagerMetrics;
  rateLimiter?: RateLimiterOptions;
}

export class Controller {
  readonly name: string;
  readonly queue: WorkQueue<string>;
  private readonly reconcileFunction: ReconcileFunction;
  private readonly concurrency: number;
  private readonly clock: ClockV1;
  private readonly logger: Logger;
  private readonly metrics: ManagerMetrics | undefined;
  private readonly shutdown = new AbortController();
  private workers: Promise<void>[] = [];

  constructor(options: ControllerOptions) {
    this.name = options.name;
    this.reconcileFunction = options.reconcile;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.clock = options.clock;
    this.logger = options.logger.child({ controller: options.name });
    this.metrics = options.metrics;
    this.queue = new WorkQueue({ clock: options.clock, ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}) });
    this.metrics?.trackQueue(this.name, () => this.queue.length);
  }

  enqueue(key: string): void {
    this.queue.add(key);
  }

  start(): void {
    if (this.workers.length > 0) return;
    for (let worker = 0; worker < this.concurrency; worker += 1) this.workers.push(this.work());
  }

  /**
   * Graceful stop: no new keys; resolves once the reconciles in flight are done.
   * After `abortAfterMs` (if given) their signal aborts to hurry them along.
   */
  async stop(options: { abortAfterMs?: number } = {}): Promise<void> {
    this.queue.shutDown();
    const timer =
      options.abortAfterMs === undefined
        ? undefined
        : setTimeout(() => this.shutdown.abort(new Error(`controller ${this.name} is stopping`)), options.abortAfterMs);
    await Promise.all(this.workers);
    if (timer !== undefined) clearTimeout(timer);
    this.workers = [];
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      await this.process(key);
    }
  }

  private async process(key: string): Promise<void> {
    const started = this.clock.now();
    const stopTimer = this.metrics?.reconcileDuration.startTimer({ controller: this.name });
    try {
      const result = await this.reconcileFunction(key, this.shutdown.signal);
      this.queue.forget(key);
      if (result?.requeueAfterMs !== undefined) {
        this.queue.addAfter(key, result.requeueAfterMs);
        this.metrics?.reconciles.inc({ controller: this.name, result: 'requeue' });
      } else {
        this.metrics?.reconciles.inc({ controller: this.name, result: 'success' });
      }
    } catch (error) {
      this.metrics?.reconciles.inc({ controller: this.name, result: 'error' });
      const kind = ConflictError.isInstance(error)
        ? 'conflict'
        : TransientError.isInstance(error)
          ? 'transient'
          : TerminalError.isInstance(error)
            ? 'terminal'
            : 'other';
      this.metrics?.reconcileErrors.inc({ controller: this.name, kind });
      if (TransientError.isInstance(error) && error.requeueAfterMs !== undefined) {
        this.queue.addAfter(key, error.requeueAfterMs);
      } else {
        this.queue.addRateLimited(key);
      }
      const fields = { key, kind, failures: this.queue.failureCount(key), durationMs: this.clock.now() - started };
      if (kind === 'conflict') this.logger.debug({ ...fields, message: (error as Error).message }, 'reconcile conflict, retrying');
      else this.logger.warn({ ...fields, err: error }, 'reconcile failed, retrying with backoff');
    } finally {
      stopTimer?.();
      this.queue.done(key);
    }
  }
}
