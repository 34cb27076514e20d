/**
 * The embedded store: the default ObjectStore, in-process and durable in a state
 * directory (one SQLite database through libsql, WAL with synchronous=FULL).
 *
 * Every object lives in memory as a frozen snapshot and on disk in the `objects`
 * table; every change also goes to the `changes` table, the log watches replay
 * from (compacted to the most recent `changeLogRetention` entries). Writes apply
 * to the in-memory head at once (so conflicts are decided in call order) and are
 * committed to disk together, one transaction per turn of the event loop (group
 * commit). A write's promise resolves only after its transaction is on disk;
 * reads and watchers see a change only then, so nothing acts on a write a crash
 * could still undo.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import { isClusterApiKind, matchesLabelSelector, SlipwayError, type ClockV1, type OwnerReference } from '@slipway/core';
import { AlreadyExistsError } from './already-exists-error.js';
import { applyMergePatch } from './apply-merge-patch.js';
import { canonicalJson } from './canonical-json.js';
import { ConflictError } from './conflict-error.js';
import { InvalidObjectError } from './invalid-object-error.js';
import { NotFoundError } from './not-found-error.js';
import type {
  DeleteOptions,
  ListOptions,
  ListResult,
  MergePatch,
  ObjectStore,
  ObjectType,
  StoredObject,
  Watch,
  WatchEventType,
  WatchHandlers,
  WatchOptions,
} from './object-store.js';
import { typeKeyOf } from './object-types.js';
import { releaseLockOwner, readLockOwner, writeLockOwner } from './state-directory-lock.js';
import { StoreClosedError } from './store-closed-error.js';
import { StoreLockedError } from './store-locked-error.js';
import { validateObject } from './validate-object.js';
import { WatchExpiredError } from './watch-expired-error.js';

export interface EmbeddedStoreOptions {
  /** The directory holding the database; created when missing. */
  stateDirectory: string;
  /** How many recent changes the log keeps for watches that resume (default 20,000). */
  changeLogRetention?: number;
  /** Timestamps (creationTimestamp, deletionTimestamp) come from this clock. */
  clock?: Pick<ClockV1, 'now'>;
}

/** An ObjectStore with a `close()` that releases the state directory. */
export interface EmbeddedStore extends ObjectStore {
  readonly stateDirectory: string;
  /** Statistics for benchmarks: committed transactions and object writes. */
  statistics(): { transactions: number; writes: number; resourceVersion: number };
}

interface Change {
  resourceVersion: number;
  typeKey: string;
  namespace: string;
  name: string;
  type: WatchEventType;
  object: StoredObject;
  body: string;
}

interface Watcher {
  typeKey: string;
  namespace: string | undefined;
  handlers: WatchHandlers<StoredObject>;
  active: boolean;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

const databaseFileName = 'slipway.db';
const lockDatabaseFileName = 'slipway.lock.db';
const generatedNameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** Opens (creating when needed) the store in `stateDirectory`. Throws StoreLockedError when another process holds it. */
export function openEmbeddedStore(options: EmbeddedStoreOptions): EmbeddedStore {
  return EmbeddedObjectStore.open(options);
}

class EmbeddedObjectStore implements EmbeddedStore {
  readonly stateDirectory: string;
  private readonly database: Database.Database;
  private readonly clock: Pick<ClockV1, 'now'>;
  private readonly changeLogRetention: number;
  /** typeKey → "namespace/name" → frozen object: the head, with writes not yet on disk. Writes decide conflicts here. */
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  /** The same, as of the last commit: what reads see, so nothing reads a write a crash could still undo. */
  private readonly committed = new Map<string, Map<string, StoredObject>>();
  /** uid → [typeKey, "namespace/name"], to find owners. */
  private readonly byUid = new Map<string, [string, string]>();
  /** owner uid → dependents as "typeKey namespace/name". */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly watchers = new Set<Watcher>();
  private resourceVersion: number;
  private committedResourceVersion: number;
  private compactedResourceVersion: number;
  private pendingChanges: Change[] = [];
  private pendingWaiters: Waiter[] = [];
  private pendingCommit: Promise<void> | undefined;
  private failure: Error | undefined;
  private changesSinceCompaction = 0;
  private transactionCount = 0;
  private writeCount = 0;
  private readonly statements: {
    upsert: Database.Statement;
    remove: Database.Statement;
    appendChange: Database.Statement;
    setMeta: Database.Statement;
    compact: Database.Statement;
    replay: Database.Statement;
  };

  private constructor(
    stateDirectory: string,
    database: Database.Database,
    private readonly lock: Database.Database,
    options: EmbeddedStoreOptions,
  ) {
    this.stateDirectory = stateDirectory;
    this.database = database;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.changeLogRetention = options.changeLogRetention ?? 20_000;
    this.statements = {
      upsert: database.prepare(
        'INSERT INTO objects (type_key, namespace, name, resource_version, body) VALUES (?, ?, ?, ?, ?) ' +
          'ON CONFLICT (type_key, namespace, name) DO UPDATE SET resource_version = excluded.resource_version, body = excluded.body',
      ),
      remove: database.prepare('DELETE FROM objects WHERE type_key = ? AND namespace = ? AND name = ?'),
      appendChange: database.prepare(
        'INSERT INTO changes (resource_version, type_key, namespace, event_type, body) VALUES (?, ?, ?, ?, ?)',
      ),
      setMeta: database.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      compact: database.prepare('DELETE FROM changes WHERE resource_version <= ?'),
      replay: database.prepare(
        'SELECT resource_version, namespace, event_type, body FROM changes WHERE type_key = ? AND resource_version > ? ORDER BY resource_version',
      ),
    };
    const meta = new Map(
      (database.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((row) => [
        row.key,
        row.value,
      ]),
    );
    this.compactedResourceVersion = Number(meta.get('compactedResourceVersion') ?? 0);
    let highest = Number(meta.get('resourceVersion') ?? 0);
    for (const row of database.prepare('SELECT type_key, namespace, name, resource_version, body FROM objects').iterate() as IterableIterator<{
      type_key: string;
      namespace: string;
      name: string;
      resource_version: number;
      body: string;
    }>) {
      const object = deepFreeze(JSON.parse(row.body) as StoredObject);
      this.index(row.type_key, `${row.namespace}/${row.name}`, object);
      highest = Math.max(highest, row.resource_version);
    }
    for (const [typeKey, objects] of this.objects) this.committed.set(typeKey, new Map(objects));
    const lastChange = database.prepare('SELECT MAX(resource_version) AS highest FROM changes').get() as { highest: number | null };
    this.resourceVersion = Math.max(highest, lastChange.highest ?? 0);
    this.committedResourceVersion = this.resourceVersion;
  }

  static open(options: EmbeddedStoreOptions): EmbeddedObjectStore {
    const stateDirectory = options.stateDirectory;
    if (typeof stateDirectory !== 'string' || stateDirectory === '') {
      throw new InvalidObjectError('store options', 'stateDirectory', 'required: the directory that holds the store');
    }
    mkdirSync(stateDirectory, { recursive: true });
    // The lock: a second SQLite file held in exclusive locking mode for as long as
    // the store is open. The kernel drops it when its holder dies (even under
    // kill -9), and closing releases it at once, because only exec() ever touches
    // it (prepared statements would keep the connection alive until collected).
    let lock: Database.Database;
    try {
      lock = new Database(join(stateDirectory, lockDatabaseFileName), { timeout: 0 });
    } catch (error) {
      throw mapOpenError(error, stateDirectory);
    }
    try {
      lock.exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;');
    } catch (error) {
      lock.close();
      throw mapOpenError(error, stateDirectory);
    }
    let database: Database.Database;
    try {
      database = new Database(join(stateDirectory, databaseFileName), { timeout: 5_000 });
    } catch (error) {
      lock.close();
      throw mapOpenError(error, stateDirectory);
    }
    try {
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = FULL');
      const check = database.pragma('quick_check') as Array<{ quick_check: string }>;
      if (check[0]?.quick_check !== 'ok') {
        throw new SlipwayError(
          `the store in ${stateDirectory} failed its integrity check (${check.map((row) => row.quick_check).join('; ')}); restore it from a backup`,
        );
      }
      database.exec(`
        CREATE TABLE IF NOT EXISTS objects (
          type_key TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
          resource_version INTEGER NOT NULL, body TEXT NOT NULL,
          PRIMARY KEY (type_key, namespace, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS changes (
          resource_version INTEGER PRIMARY KEY, type_key TEXT NOT NULL, namespace TEXT NOT NULL,
          event_type TEXT NOT NULL, body TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS changes_by_type ON changes (type_key, resource_version);
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
      writeLockOwner(stateDirectory);
      const store = new EmbeddedObjectStore(stateDirectory, database, lock, options);
      store.collectOrphansAfterOpen();
      return store;
    } catch (error) {
      try {
        database.close();
      } catch {
        // The original error is the one worth reporting.
      }
      releaseLockOwner(stateDirectory);
      lock.close();
      throw error;
    }
  }

  statistics(): { transactions: number; writes: number; resourceVersion: number } {
    return { transactions: this.transactionCount, writes: this.writeCount, resourceVersion: this.committedResourceVersion };
  }

  async get<T extends StoredObject>(type: ObjectType, namespace: string, name: string): Promise<T | undefined> {
    await this.readBarrier();
    return this.committed.get(typeKeyOf(type))?.get(`${namespace}/${name}`) as T | undefined;
  }

  async list<T extends StoredObject>(type: ObjectType, options: ListOptions = {}): Promise<ListResult<T>> {
    await this.readBarrier();
    const items: T[] = [];
    for (const object of this.committed.get(typeKeyOf(type))?.values() ?? []) {
      if (options.namespace !== undefined && object.metadata.namespace !== options.namespace) continue;
      if (options.labelSelector !== undefined && !matchesLabelSelector(options.labelSelector, object.metadata.labels)) continue;
      items.push(object as T);
    }
    return { items, resourceVersion: String(this.committedResourceVersion) };
  }

  watch<T extends StoredObject>(type: ObjectType, options: WatchOptions, handlers: WatchHandlers<T>): Watch {
    this.assertUsable();
    const typeKey = typeKeyOf(type);
    const from = Number(options.resourceVersion);
    if (!Number.isInteger(from) || from < 0) {
      throw new InvalidObjectError(`watch ${typeKey}`, 'resourceVersion', 'expected the resourceVersion a list returned');
    }
    if (from < this.compactedResourceVersion) {
      throw new WatchExpiredError(options.resourceVersion, String(this.compactedResourceVersion));
    }
    const watcher: Watcher = {
      typeKey,
      namespace: options.namespace,
      handlers: handlers as unknown as WatchHandlers<StoredObject>,
      active: true,
    };
    // Replay what was committed after `from`, then join the live stream; both
    // happen before this call returns, so no change falls between them.
    if (from < this.committedResourceVersion) {
      const rows = this.statements.replay.all(typeKey, from) as Array<{
        resource_version: number;
        namespace: string;
        event_type: WatchEventType;
        body: string;
      }>;
      for (const row of rows) {
        if (row.resource_version > this.committedResourceVersion) break;
        if (options.namespace !== undefined && row.namespace !== options.namespace) continue;
        deliver(watcher, row.event_type, deepFreeze(JSON.parse(row.body) as StoredObject));
      }
    }
    this.watchers.add(watcher);
    return {
      stop: () => {
        watcher.active = false;
        this.watchers.delete(watcher);
      },
    };
  }

  create<T extends StoredObject>(object: T): Promise<T> {
    return this.write(() => {
      const metadata = object?.metadata ?? {};
      const namespace = metadata.namespace ?? 'default';
      let name = metadata.name;
      if (name === undefined || name === '') {
        if (typeof metadata.generateName !== 'string' || metadata.generateName === '') {
          throw new InvalidObjectError(describe(object), 'metadata.name', 'required (or set metadata.generateName to have one made)');
        }
        name = this.generateName(typeKeyOfObject(object), namespace, metadata.generateName);
      }
      const candidate = {
        ...object,
        metadata: {
          ...metadata,
          name,
          namespace,
          uid: randomUUID(),
          generation: 1,
          creationTimestamp: new Date(this.clock.now()).toISOString(),
        },
      } as T;
      delete candidate.metadata.resourceVersion;
      delete candidate.metadata.deletionTimestamp;
      const key = `${typeKeyOfObject(candidate)} ${namespace}/${name}`;
      const validated = validateObject(candidate, key);
      if (this.lookup(typeKeyOfObject(validated), namespace, name) !== undefined) throw new AlreadyExistsError(key);
      const stored = this.apply(validated, 'ADDED');
      this.collectIfOrphaned(stored);
      return stored as T;
    });
  }

  update<T extends StoredObject>(object: T): Promise<T> {
    return this.write(() => {
      const current = this.requireCurrent(object);
      const candidate = { ...object, metadata: this.mergeSystemMetadata(current, object) } as T;
      if (hasStatusSubresource(current)) {
        const status = (current as unknown as { status?: unknown }).status;
        if (status === undefined) delete (candidate as unknown as { status?: unknown }).status;
        else (candidate as unknown as { status?: unknown }).status = status;
      }
      if (current.metadata.deletionTimestamp !== undefined) {
        const added = (candidate.metadata.finalizers ?? []).filter((finalizer) => !(current.metadata.finalizers ?? []).includes(finalizer));
        if (added.length > 0) {
          throw new InvalidObjectError(describe(current), 'metadata.finalizers', `cannot add ${added.join(', ')} to an object being deleted`);
        }
      }
      return this.replace(current, candidate) as T;
    });
  }

  updateStatus<T extends StoredObject>(object: T): Promise<T> {
    return this.write(() => {
      const current = this.requireCurrent(object);
      const candidate = { ...current, metadata: { ...current.metadata } } as unknown as Record<string, unknown>;
      const status = (object as unknown as { status?: unknown }).status;
      if (status === undefined) delete candidate['status'];
      else candidate['status'] = status;
      return this.replace(current, candidate as unknown as StoredObject) as T;
    });
  }

  patch<T extends StoredObject>(
    type: ObjectType,
    namespace: string,
    name: string,
    patch: MergePatch,
    options: { subresource?: 'status' } = {},
  ): Promise<T> {
    return this.write(() => {
      const typeKey = typeKeyOf(type);
      const current = this.lookup(typeKey, namespace, name);
      if (current === undefined) throw new NotFoundError(`${typeKey} ${namespace}/${name}`);
      const patched = applyMergePatch(structuredClone(current), patch) as StoredObject;
      const expected = (patch['metadata'] as { resourceVersion?: unknown } | undefined)?.resourceVersion;
      patched.metadata = { ...patched.metadata, resourceVersion: typeof expected === 'string' ? expected : current.metadata.resourceVersion };
      if (options.subresource === 'status') {
        const candidate = structuredClone(current) as unknown as Record<string, unknown>;
        const status = (patched as unknown as { status?: unknown }).status;
        if (status === undefined) delete candidate['status'];
        else candidate['status'] = status;
        (candidate['metadata'] as { resourceVersion?: string }).resourceVersion = patched.metadata.resourceVersion;
        this.checkResourceVersion(current, candidate as unknown as StoredObject);
        return this.replace(current, candidate as unknown as StoredObject) as T;
      }
      const candidate = { ...patched, metadata: this.mergeSystemMetadata(current, patched) };
      if (hasStatusSubresource(current)) {
        const status = (current as unknown as { status?: unknown }).status;
        if (status === undefined) delete (candidate as unknown as { status?: unknown }).status;
        else (candidate as unknown as { status?: unknown }).status = status;
      }
      return this.replace(current, candidate) as T;
    });
  }

  delete<T extends StoredObject>(type: ObjectType, namespace: string, name: string, options: DeleteOptions = {}): Promise<T> {
    return this.write(() => {
      const typeKey = typeKeyOf(type);
      const current = this.lookup(typeKey, namespace, name);
      const key = `${typeKey} ${namespace}/${name}`;
      if (current === undefined) throw new NotFoundError(key);
      if (options.uid !== undefined && current.metadata.uid !== options.uid) {
        throw new NotFoundError(key, `the stored object has uid ${current.metadata.uid ?? '(none)'}, not ${options.uid}`);
      }
      if (options.resourceVersion !== undefined && current.metadata.resourceVersion !== options.resourceVersion) {
        throw new ConflictError(key, options.resourceVersion, current.metadata.resourceVersion ?? '');
      }
      return this.deleteInternal(current) as T;
    });
  }

  async close(): Promise<void> {
    if (this.failure !== undefined && StoreClosedError.isInstance(this.failure)) return;
    await this.settled().catch(() => undefined);
    this.failure = new StoreClosedError('close() was called');
    for (const watcher of this.watchers) watcher.active = false;
    this.watchers.clear();
    this.database.close();
    releaseLockOwner(this.stateDirectory);
    this.lock.close();
  }

  // ---- writes -------------------------------------------------------------

  /** Runs `change` against the in-memory head at once; resolves once the change is on disk. */
  private write<T>(change: () => T): Promise<T> {
    try {
      this.assertUsable();
      const result = change();
      return this.commitSoon().then(() => result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private commitSoon(): Promise<void> {
    if (this.pendingChanges.length === 0 && this.pendingCommit === undefined) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.pendingWaiters.push({ resolve, reject });
      if (this.pendingCommit === undefined) {
        // Every write made during this turn of the event loop shares one fsync.
        this.pendingCommit = new Promise<void>((done) => setImmediate(() => done(this.commit())));
      }
    });
  }

  private commit(): void {
    const changes = this.pendingChanges;
    const waiters = this.pendingWaiters;
    this.pendingChanges = [];
    this.pendingWaiters = [];
    this.pendingCommit = undefined;
    if (changes.length === 0) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    try {
      const last = changes[changes.length - 1] as Change;
      this.database.transaction(() => {
        for (const change of changes) {
          if (change.type === 'DELETED') this.statements.remove.run(change.typeKey, change.namespace, change.name);
          else this.statements.upsert.run(change.typeKey, change.namespace, change.name, change.resourceVersion, change.body);
          this.statements.appendChange.run(change.resourceVersion, change.typeKey, change.namespace, change.type, change.body);
        }
        this.statements.setMeta.run('resourceVersion', String(last.resourceVersion));
        this.changesSinceCompaction += changes.length;
        if (this.changesSinceCompaction >= Math.max(1, Math.floor(this.changeLogRetention / 4))) {
          const compactTo = last.resourceVersion - this.changeLogRetention;
          if (compactTo > this.compactedResourceVersion) {
            this.statements.compact.run(compactTo);
            this.statements.setMeta.run('compactedResourceVersion', String(compactTo));
            this.compactedResourceVersion = compactTo;
          }
          this.changesSinceCompaction = 0;
        }
      })();
      this.transactionCount += 1;
      for (const change of changes) {
        let objects = this.committed.get(change.typeKey);
        if (objects === undefined) {
          objects = new Map();
          this.committed.set(change.typeKey, objects);
        }
        if (change.type === 'DELETED') objects.delete(`${change.namespace}/${change.name}`);
        else objects.set(`${change.namespace}/${change.name}`, change.object);
      }
      this.writeCount += changes.length;
      this.committedResourceVersion = last.resourceVersion;
    } catch (error) {
      // Memory is now ahead of the disk: refuse everything rather than serve
      // writes that were never acknowledged. Reopening reloads the disk's truth.
      this.failure = new StoreClosedError('a write could not be persisted; reopen the store', { cause: error });
      for (const waiter of waiters) waiter.reject(this.failure);
      return;
    }
    for (const change of changes) {
      for (const watcher of this.watchers) {
        if (watcher.typeKey !== change.typeKey) continue;
        if (watcher.namespace !== undefined && watcher.namespace !== change.namespace) continue;
        deliver(watcher, change.type, change.object);
      }
    }
    for (const waiter of waiters) waiter.resolve();
  }

  /**
   * A read waits for the batch pending when it was issued (one commit, never
   * more), so it sees every write acknowledged or in flight before it, and a
   * read-modify-write retry loop always lets the event loop turn.
   */
  private async readBarrier(): Promise<void> {
    this.assertUsable();
    if (this.pendingCommit !== undefined) await this.commitSoon();
    this.assertUsable();
  }

  private async settled(): Promise<void> {
    this.assertUsable();
    while (this.pendingCommit !== undefined) await this.commitSoon();
    this.assertUsable();
  }

  private assertUsable(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Applies a new version of an object to memory and queues it for the disk. */
  private apply(object: StoredObject, type: WatchEventType): StoredObject {
    const typeKey = typeKeyOfObject(object);
    const namespace = object.metadata.namespace as string;
    const name = object.metadata.name as string;
    const resourceVersion = ++this.resourceVersion;
    // Stored through its JSON so the snapshot shares nothing with the caller's object.
    const body = JSON.stringify({ ...object, metadata: { ...object.metadata, resourceVersion: String(resourceVersion) } });
    const stored = deepFreeze(JSON.parse(body) as StoredObject);
    if (type === 'DELETED') this.unindex(typeKey, `${namespace}/${name}`, stored);
    else {
      const previous = this.lookup(typeKey, namespace, name);
      if (previous !== undefined) this.unindex(typeKey, `${namespace}/${name}`, previous);
      this.index(typeKey, `${namespace}/${name}`, stored);
    }
    this.pendingChanges.push({ resourceVersion, typeKey, namespace, name, type, object: stored, body });
    return stored;
  }

  private replace(current: StoredObject, candidate: StoredObject): StoredObject {
    this.checkResourceVersion(current, candidate);
    const key = describe(current);
    const validated = validateObject(candidate, key);
    const metadata = { ...validated.metadata, resourceVersion: current.metadata.resourceVersion };
    if (!sameJson(specOf(validated), specOf(current))) metadata.generation = (current.metadata.generation ?? 1) + 1;
    else metadata.generation = current.metadata.generation;
    const next = { ...validated, metadata };
    if (next.metadata.deletionTimestamp !== undefined && (next.metadata.finalizers ?? []).length === 0) {
      return this.remove(next);
    }
    // An update that changes nothing is not a write (as in Kubernetes).
    if (sameJson(next, current)) return current;
    return this.apply(next, 'MODIFIED');
  }

  private deleteInternal(current: StoredObject): StoredObject {
    if ((current.metadata.finalizers ?? []).length > 0) {
      if (current.metadata.deletionTimestamp !== undefined) return current;
      return this.apply(
        { ...current, metadata: { ...current.metadata, deletionTimestamp: new Date(this.clock.now()).toISOString() } },
        'MODIFIED',
      );
    }
    return this.remove(current);
  }

  private remove(object: StoredObject): StoredObject {
    const removed = this.apply(object, 'DELETED');
    const uid = removed.metadata.uid;
    if (uid !== undefined) this.collectDependentsOf(uid);
    return removed;
  }

  /** Background garbage collection: dependents whose every owner is gone are deleted; dangling references are dropped. */
  private collectDependentsOf(ownerUid: string): void {
    const dependentKeys = this.dependents.get(ownerUid);
    if (dependentKeys === undefined) return;
    for (const dependentKey of [...dependentKeys]) {
      const space = dependentKey.indexOf(' ');
      const typeKey = dependentKey.slice(0, space);
      const objectKey = dependentKey.slice(space + 1);
      const dependent = this.objects.get(typeKey)?.get(objectKey);
      if (dependent !== undefined) this.collectIfOrphaned(dependent);
    }
  }

  private collectIfOrphaned(object: StoredObject): void {
    const references = object.metadata.ownerReferences ?? [];
    if (references.length === 0) return;
    const living = references.filter((reference) => this.byUid.has(reference.uid));
    if (living.length === references.length) return;
    if (living.length === 0) {
      this.deleteInternal(object);
      return;
    }
    this.apply({ ...object, metadata: { ...object.metadata, ownerReferences: living as OwnerReference[] } }, 'MODIFIED');
  }

  private collectOrphansAfterOpen(): void {
    for (const objects of this.objects.values()) {
      for (const object of [...objects.values()]) this.collectIfOrphaned(object);
    }
    if (this.pendingChanges.length > 0) this.commit();
  }

  // ---- helpers ------------------------------------------------------------

  private requireCurrent(object: StoredObject): StoredObject {
    const typeKey = typeKeyOfObject(object);
    const namespace = object?.metadata?.namespace ?? 'default';
    const name = object?.metadata?.name;
    if (typeof name !== 'string') throw new InvalidObjectError(describe(object), 'metadata.name', 'required to update an object');
    const current = this.lookup(typeKey, namespace, name);
    if (current === undefined) throw new NotFoundError(`${typeKey} ${namespace}/${name}`);
    if (object.metadata.uid !== undefined && object.metadata.uid !== current.metadata.uid) {
      throw new ConflictError(describe(current), `uid ${object.metadata.uid}`, `uid ${current.metadata.uid ?? ''}`);
    }
    this.checkResourceVersion(current, object);
    return current;
  }

  private checkResourceVersion(current: StoredObject, candidate: StoredObject): void {
    const expected = candidate.metadata.resourceVersion;
    if (expected !== undefined && expected !== '' && expected !== current.metadata.resourceVersion) {
      throw new ConflictError(describe(current), expected, current.metadata.resourceVersion ?? '');
    }
  }

  /** Fields only the store sets are kept as stored, whatever the caller sent. */
  private mergeSystemMetadata(current: StoredObject, object: StoredObject): StoredObject['metadata'] {
    const metadata = { ...object.metadata };
    metadata.namespace = current.metadata.namespace;
    metadata.uid = current.metadata.uid;
    metadata.creationTimestamp = current.metadata.creationTimestamp;
    metadata.generation = current.metadata.generation;
    if (current.metadata.deletionTimestamp === undefined) delete metadata.deletionTimestamp;
    else metadata.deletionTimestamp = current.metadata.deletionTimestamp;
    if (metadata.generateName === undefined) delete metadata.generateName;
    return metadata;
  }

  private lookup(typeKey: string, namespace: string, name: string): StoredObject | undefined {
    return this.objects.get(typeKey)?.get(`${namespace}/${name}`);
  }

  private index(typeKey: string, objectKey: string, object: StoredObject): void {
    let objects = this.objects.get(typeKey);
    if (objects === undefined) {
      objects = new Map();
      this.objects.set(typeKey, objects);
    }
    objects.set(objectKey, object);
    if (object.metadata.uid !== undefined) this.byUid.set(object.metadata.uid, [typeKey, objectKey]);
    for (const reference of object.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(reference.uid);
      if (set === undefined) {
        set = new Set();
        this.dependents.set(reference.uid, set);
      }
      set.add(`${typeKey} ${objectKey}`);
    }
  }

  private unindex(typeKey: string, objectKey: string, object: StoredObject): void {
    this.objects.get(typeKey)?.delete(objectKey);
    if (object.metadata.uid !== undefined) this.byUid.delete(object.metadata.uid);
    for (const reference of object.metadata.ownerReferences ?? []) {
      const set = this.dependents.get(reference.uid);
      set?.delete(`${typeKey} ${objectKey}`);
      if (set?.size === 0) this.dependents.delete(reference.uid);
    }
  }

  private generateName(typeKey: string, namespace: string, prefix: string): string {
    for (;;) {
      let suffix = '';
      const bytes = globalThis.crypto.getRandomValues(new Uint8Array(5));
      for (const byte of bytes) suffix += generatedNameAlphabet[byte % generatedNameAlphabet.length];
      const name = `${prefix}${suffix}`;
      if (this.lookup(typeKey, namespace, name) === undefined) return name;
    }
  }
}

function deliver(watcher: Watcher, type: WatchEventType, object: StoredObject): void {
  if (!watcher.active) return;
  try {
    watcher.handlers.onEvent({ type, object });
  } catch (error) {
    // A failing handler must not stop delivery to the others; it hears of its own failure.
    watcher.handlers.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}

function typeKeyOfObject(object: StoredObject): string {
  return `${object?.apiVersion}/${object?.kind}`;
}

function describe(object: StoredObject): string {
  return `${typeKeyOfObject(object)} ${object?.metadata?.namespace ?? 'default'}/${object?.metadata?.name ?? object?.metadata?.generateName ?? '(unnamed)'}`;
}

function hasStatusSubresource(object: StoredObject): boolean {
  return isClusterApiKind(object.kind);
}

/** Everything but metadata and status: what a change to bumps generation. */
function specOf(object: StoredObject): Record<string, unknown> {
  const { metadata: _metadata, status: _status, ...rest } = object as StoredObject & { status?: unknown };
  return rest;
}

/**
 * Equal as JSON values, whatever the key order. Reordering keys keeps the text's
 * length, so the (slower) canonical form is needed only when the lengths agree.
 */
function sameJson(left: unknown, right: unknown): boolean {
  const leftText = JSON.stringify(left);
  const rightText = JSON.stringify(right);
  if (leftText === rightText) return true;
  if (leftText.length !== rightText.length) return false;
  return canonicalJson(left) === canonicalJson(right);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function mapOpenError(error: unknown, stateDirectory: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StoreLockedError(stateDirectory, readLockOwner(stateDirectory), { cause: error });
  }
  return error;
}
