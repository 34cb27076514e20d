/**
 * An informer: lists one type of object, then watches from the list's
 * resourceVersion, keeping a local cache that controllers read instead of the
 * store. Indexes answer "which objects have this owner / this label" without a
 * scan. When the watch expires (the change log was compacted past it) it lists
 * again and reports the difference as events, so handlers never miss a change.
 */
import type { ObjectStore, ObjectType, StoredObject, Watch, WatchEvent } from '../store/object-store.js';
import { objectKeyOf } from '../store/object-types.js';

export interface InformerEventHandler<T> {
  onAdd?(object: T): void;
  onUpdate?(previous: T, current: T): void;
  onDelete?(object: T): void;
}

/** Maps an object to the index values it is found under. */
export type IndexFunction<T> = (object: T) => readonly string[];

export interface InformerOptions {
  namespace?: string;
  /** Reports watch failures the informer recovers from. */
  onRecoveredError?: (error: Error) => void;
}

export class Informer<T extends StoredObject> {
  private readonly cache = new Map<string, T>();
  private readonly handlers: InformerEventHandler<T>[] = [];
  private readonly indexFunctions = new Map<string, IndexFunction<T>>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private watch: Watch | undefined;
  private stopped = false;
  private synced = false;
  private lastResourceVersion = '0';

  constructor(
    private readonly store: ObjectStore,
    readonly type: ObjectType,
    private readonly options: InformerOptions = {},
  ) {}

  addEventHandler(handler: InformerEventHandler<T>): void {
    this.handlers.push(handler);
  }

  /** Adds an index; must be called before `start`. */
  addIndex(name: string, indexFunction: IndexFunction<T>): void {
    this.indexFunctions.set(name, indexFunction);
    this.indexes.set(name, new Map());
  }

  /** Lists, fills the cache (firing onAdd for each object), then watches. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.listAndWatch();
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    this.watch = undefined;
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  /** The resourceVersion of the last change the cache reflects. */
  get resourceVersion(): string {
    return this.lastResourceVersion;
  }

  get(namespace: string, name: string): T | undefined {
    return this.cache.get(`${namespace}/${name}`);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  get size(): number {
    return this.cache.size;
  }

  byIndex(name: string, value: string): T[] {
    const keys = this.indexes.get(name)?.get(value);
    if (keys === undefined) return [];
    const objects: T[] = [];
    for (const key of keys) {
      const object = this.cache.get(key);
      if (object !== undefined) objects.push(object);
    }
    return objects;
  }

  private async listAndWatch(): Promise<void> {
    const { items, resourceVersion } = await this.store.list<T>(this.type, this.namespaceOption());
    if (this.stopped) return;
    const seen = new Set<string>();
    for (const object of items) {
      const key = objectKeyOf(object);
      seen.add(key);
      this.upsert(key, object);
    }
    for (const [key, object] of [...this.cache]) {
      if (!seen.has(key)) this.remove(key, object);
    }
    this.lastResourceVersion = resourceVersion;
    this.synced = true;
    try {
      this.watch = this.store.watch<T>(
        this.type,
        { ...this.namespaceOption(), resourceVersion },
        {
          onEvent: (event) => this.handle(event),
          onError: (error) => this.recover(error),
        },
      );
    } catch (error) {
      this.recover(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private recover(error: Error): void {
    if (this.stopped) return;
    this.options.onRecoveredError?.(error);
    this.watch?.stop();
    this.watch = undefined;
    // Relist on the next turn: the store may be in the middle of delivering.
    setImmediate(() => {
      if (!this.stopped) this.listAndWatch().catch((listError: unknown) => this.options.onRecoveredError?.(listError as Error));
    });
  }

  private handle(event: WatchEvent<T>): void {
    const key = objectKeyOf(event.object);
    if (event.object.metadata.resourceVersion !== undefined) this.lastResourceVersion = event.object.metadata.resourceVersion;
    if (event.type === 'DELETED') {
      const previous = this.cache.get(key);
      if (previous !== undefined) this.remove(key, event.object);
      return;
    }
    this.upsert(key, event.object);
  }

  private upsert(key: string, object: T): void {
    const previous = this.cache.get(key);
    if (previous !== undefined && previous.metadata.resourceVersion === object.metadata.resourceVersion) return;
    if (previous !== undefined) this.unindex(key, previous);
    this.cache.set(key, object);
    this.indexObject(key, object);
    for (const handler of this.handlers) {
      if (previous === undefined) handler.onAdd?.(object);
      else handler.onUpdate?.(previous, object);
    }
  }

  private remove(key: string, object: T): void {
    const previous = this.cache.get(key);
    if (previous !== undefined) this.unindex(key, previous);
    this.cache.delete(key);
    for (const handler of this.handlers) handler.onDelete?.(object);
  }

  private indexObject(key: string, object: T): void {
    for (const [name, indexFunction] of this.indexFunctions) {
      const index = this.indexes.get(name) as Map<string, Set<string>>;
      for (const value of indexFunction(object)) {
        let keys = index.get(value);
        if (keys === undefined) {
          keys = new Set();
          index.set(value, keys);
        }
        keys.add(key);
      }
    }
  }

  private unindex(key: string, object: T): void {
    for (const [name, indexFunction] of this.indexFunctions) {
      const index = this.indexes.get(name) as Map<string, Set<string>>;
      for (const value of indexFunction(object)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }

  private namespaceOption(): { namespace?: string } {
    return this.options.namespace === undefined ? {} : { namespace: this.options.namespace };
  }
}
