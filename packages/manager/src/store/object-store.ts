/**
 * The store contract: Kubernetes API semantics, independent of the backend.
 * The embedded store implements it today; a Kubernetes API server backend
 * implements the same interface later, so controllers never know which one
 * they talk to.
 */
import type { LabelSelector, ObjectMeta } from '@slipway/core';

/** Any stored object: `apiVersion`, `kind`, `metadata`, and whatever the kind defines. */
export interface StoredObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

/** Names one kind of object, as Kubernetes does with group/version and kind. */
export interface ObjectType {
  apiVersion: string;
  kind: string;
}

export interface ListOptions {
  /** Only objects of this namespace; every namespace when absent. */
  namespace?: string;
  labelSelector?: LabelSelector;
}

export interface ListResult<T> {
  items: T[];
  /** The store's resourceVersion at the moment of the list: watch from here and no change is missed. */
  resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<T> {
  type: WatchEventType;
  /** For DELETED, the object as it was last stored. */
  object: T;
}

export interface WatchOptions {
  namespace?: string;
  /** Deliver every change made after this resourceVersion (as returned by `list`). */
  resourceVersion: string;
}

export interface WatchHandlers<T> {
  onEvent(event: WatchEvent<T>): void;
  /** The watch ended on its own: `WatchExpiredError` when the change log no longer reaches back far enough (list again). */
  onError?(error: Error): void;
}

export interface Watch {
  stop(): void;
}

export interface DeleteOptions {
  /** Delete only if the stored object still has this UID (a recreated namesake is left alone). */
  uid?: string;
  /** Delete only if the stored object still has this resourceVersion. */
  resourceVersion?: string;
}

/** A JSON merge patch (RFC 7386): objects merge, `null` removes a field, arrays replace. */
export type MergePatch = Record<string, unknown>;

/**
 * Returned objects are frozen snapshots: copy (`structuredClone`) before changing
 * one, then write the copy back.
 */
export interface ObjectStore {
  /** The stored object, or undefined when there is none. */
  get<T extends StoredObject>(type: ObjectType, namespace: string, name: string): Promise<T | undefined>;
  list<T extends StoredObject>(type: ObjectType, options?: ListOptions): Promise<ListResult<T>>;
  /** Every change to objects of `type` after `options.resourceVersion`, in order, none lost. */
  watch<T extends StoredObject>(type: ObjectType, options: WatchOptions, handlers: WatchHandlers<T>): Watch;
  /**
   * Stores a new object. `metadata.name` or `metadata.generateName` is required; the
   * store sets uid, resourceVersion, generation 1 and creationTimestamp.
   * Throws AlreadyExistsError, InvalidObjectError.
   */
  create<T extends StoredObject>(object: T): Promise<T>;
  /**
   * Replaces everything but `status` (kept as stored for kinds with a status
   * subresource). With `metadata.resourceVersion` set, a stale one throws
   * ConflictError. A change outside metadata bumps `metadata.generation`.
   * Removing the last finalizer of an object marked for deletion removes it.
   */
  update<T extends StoredObject>(object: T): Promise<T>;
  /** Replaces only `status`; never bumps generation. Same concurrency rules as update. */
  updateStatus<T extends StoredObject>(object: T): Promise<T>;
  /** Applies a merge patch to the stored object (or to its status with `subresource: 'status'`). */
  patch<T extends StoredObject>(
    type: ObjectType,
    namespace: string,
    name: string,
    patch: MergePatch,
    options?: { subresource?: 'status' },
  ): Promise<T>;
  /**
   * Deletes: an object with finalizers is only marked (`deletionTimestamp`) and
   * returned; without, it is removed and returned as it was. Dependents whose
   * every owner is gone are deleted in turn (background garbage collection).
   * Throws NotFoundError when there is nothing to delete.
   */
  delete<T extends StoredObject>(type: ObjectType, namespace: string, name: string, options?: DeleteOptions): Promise<T>;
  close(): Promise<void>;
}
