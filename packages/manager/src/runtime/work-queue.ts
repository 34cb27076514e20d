/**
 * The work queue of a controller: a key waits at most once however often it is
 * added; a key being processed is never handed out again until `done`, and is
 * queued again then if it was added meanwhile; failures come back after the
 * rate limiter's delay; `addAfter` schedules a later visit.
 */
import { setMaxListeners } from 'node:events';
import type { ClockV1 } from '@slipway/core';
import { RateLimiter, type RateLimiterOptions } from './rate-limiter.js';

export interface WorkQueueOptions {
  clock: ClockV1;
  rateLimiter?: RateLimiterOptions;
}

export class WorkQueue<Key = string> {
  private readonly clock: ClockV1;
  private readonly rateLimiter: RateLimiter<Key>;
  private items: Key[] = [];
  private head = 0;
  private readonly dirty = new Set<Key>();
  private readonly processing = new Set<Key>();
  /** The earliest time each delayed key is due. */
  private readonly waiting = new Map<Key, number>();
  private readonly getters: Array<(key: Key | undefined) => void> = [];
  private readonly idleWaiters: Array<() => void> = [];
  private readonly timers = new AbortController();
  private shuttingDown = false;

  constructor(options: WorkQueueOptions) {
    this.clock = options.clock;
    this.rateLimiter = new RateLimiter(options.rateLimiter);
    // Every delayed key listens on this one signal; thousands are normal.
    setMaxListeners(0, this.timers.signal);
  }

  /** Keys waiting to be processed (not counting delayed or in-flight ones). */
  get length(): number {
    return this.items.length - this.head;
  }

  get inFlight(): number {
    return this.processing.size;
  }

  get delayed(): number {
    return this.waiting.size;
  }

  add(key: Key): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const getter = this.getters.shift();
    if (getter !== undefined) {
      this.processing.add(key);
      this.dirty.delete(key);
      getter(key);
      return;
    }
    this.items.push(key);
  }

  /** Adds `key` once `delayMs` has passed (an earlier pending visit wins). */
  addAfter(key: Key, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const due = this.clock.now() + delayMs;
    const existing = this.waiting.get(key);
    if (existing !== undefined && existing <= due) return;
    this.waiting.set(key, due);
    this.clock.sleep(delayMs, this.timers.signal).then(
      () => {
        if (this.waiting.get(key) !== due) return;
        this.waiting.delete(key);
        this.add(key);
      },
      () => undefined,
    );
  }

  /** Adds `key` after its backoff: 5 ms doubling per consecutive failure, under the overall limit. */
  addRateLimited(key: Key): void {
    this.addAfter(key, this.rateLimiter.when(key, this.clock.now()));
  }

  /** Resets `key`'s backoff after a success. */
  forget(key: Key): void {
    this.rateLimiter.forget(key);
  }

  failureCount(key: Key): number {
    return this.rateLimiter.failureCount(key);
  }

  /** The next key to process, or undefined once the queue shuts down. */
  get(): Promise<Key | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    if (this.head < this.items.length) {
      const key = this.items[this.head] as Key;
      this.head += 1;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      this.dirty.delete(key);
      this.processing.add(key);
      return Promise.resolve(key);
    }
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Marks `key` finished; if it was added while in flight, it is queued again now. */
  done(key: Key): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) {
      this.dirty.delete(key);
      this.add(key);
    }
    if (this.processing.size === 0 && this.length === 0) {
      for (const waiter of this.idleWaiters.splice(0)) waiter();
    }
  }

  /** Stops handing out keys: waiting getters receive undefined, delayed keys are dropped. */
  shutDown(): void {
    this.shuttingDown = true;
    this.timers.abort(new Error('work queue shut down'));
    this.waiting.clear();
    for (const getter of this.getters.splice(0)) getter(undefined);
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Resolves once nothing is queued or in flight (delayed keys do not count). */
  whenIdle(): Promise<void> {
    if (this.processing.size === 0 && this.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
