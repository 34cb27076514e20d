import type { ClockV1 } from '@slipway/core';
import { systemClock } from './system-clock.js';

export interface CoalescingDescriberOptions<Item> {
  /** Lists every item of a scope (all instances of one cluster, say) in one filtered, paginated call. */
  listScope(scope: string): Promise<readonly Item[]>;
  /** The key callers ask by: a Machine UID tag, an instance id, a resource name. */
  keyOf(item: Item): string | undefined;
  /** How old a snapshot may be and still answer. */
  intervalMs: number;
  clock?: ClockV1;
}

export interface LookupOptions {
  /** Accept only a listing that started at or after this time (ms since epoch), e.g. right after a create. */
  notOlderThan?: number;
  signal?: AbortSignal;
}

interface Snapshot<Item> {
  takenAt: number;
  byKey: Map<string, Item[]>;
}

interface ScopeState<Item> {
  snapshot?: Snapshot<Item>;
  inFlight?: { startedAt: number; promise: Promise<Snapshot<Item>> };
}

/**
 * Many callers asking about many instances become one listing per scope and
 * interval: a snapshot answers every lookup while it is fresh, and callers that
 * arrive while a listing is under way wait for that listing instead of starting
 * their own. This is how a cluster of 1,000 machines costs one paginated describe
 * per interval instead of 1,000.
 */
export class CoalescingDescriber<Item> {
  private readonly options: CoalescingDescriberOptions<Item>;
  private readonly clock: ClockV1;
  private readonly scopes = new Map<string, ScopeState<Item>>();
  private listings = 0;
  private lookups = 0;

  constructor(options: CoalescingDescriberOptions<Item>) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
  }

  /** Every item of the scope with this key (more than one means the cloud holds duplicates). */
  async findAll(scope: string, key: string, options: LookupOptions = {}): Promise<Item[]> {
    this.lookups += 1;
    const snapshot = await this.snapshot(scope, options);
    return snapshot.byKey.get(key) ?? [];
  }

  async find(scope: string, key: string, options: LookupOptions = {}): Promise<Item | undefined> {
    const [first] = await this.findAll(scope, key, options);
    return first;
  }

  /** All items of the scope, from a fresh enough listing. */
  async list(scope: string, options: LookupOptions = {}): Promise<Item[]> {
    const snapshot = await this.snapshot(scope, options);
    return [...snapshot.byKey.values()].flat();
  }

  /** Forgets the scope's snapshot: the next lookup lists again. */
  invalidate(scope: string): void {
    const state = this.scopes.get(scope);
    if (state) delete state.snapshot;
  }

  stats(): { listings: number; lookups: number } {
    return { listings: this.listings, lookups: this.lookups };
  }

  private async snapshot(scope: string, options: LookupOptions): Promise<Snapshot<Item>> {
    options.signal?.throwIfAborted();
    const state = this.scopes.get(scope) ?? {};
    this.scopes.set(scope, state);
    const oldestAccepted = options.notOlderThan ?? this.clock.now() - this.options.intervalMs;
    if (state.snapshot && state.snapshot.takenAt >= oldestAccepted) return state.snapshot;
    if (state.inFlight && state.inFlight.startedAt >= oldestAccepted) return abortable(state.inFlight.promise, options.signal);

    const startedAt = this.clock.now();
    this.listings += 1;
    const promise = this.options.listScope(scope).then((items) => {
      const byKey = new Map<string, Item[]>();
      for (const item of items) {
        const key = this.options.keyOf(item);
        if (key === undefined) continue;
        const list = byKey.get(key);
        if (list) list.push(item);
        else byKey.set(key, [item]);
      }
      const snapshot = { takenAt: startedAt, byKey };
      if (!state.snapshot || state.snapshot.takenAt <= startedAt) state.snapshot = snapshot;
      return snapshot;
    });
    const inFlight = { startedAt, promise };
    state.inFlight = inFlight;
    const clear = () => {
      if (state.inFlight === inFlight) delete state.inFlight;
    };
    promise.then(clear, clear);
    return abortable(promise, options.signal);
  }
}

/** A caller that gives up stops waiting; the shared listing goes on for the others. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
