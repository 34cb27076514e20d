/**
 * A typed, Map-like view of one resource kind in the framework's store: the
 * record the AWS actions work with is the stored resource's `attributes`, and
 * its `tags` object is the stored resource's own, so the side door
 * (`inspect.resources({ kind, tags })`) sees exactly what EC2 would list.
 */
import type { ResourceStore } from '../store/resource-store.js';
import type { StoredResource } from '../store/stored-resource.js';
import type { Tags } from './ec2-resources.js';

export class StoreBackedMap<Resource extends { tags: Tags }> {
  private readonly store: ResourceStore;
  readonly kind: string;
  private readonly includeGone: boolean;

  constructor(store: ResourceStore, kind: string, options: { includeGone?: boolean } = {}) {
    this.store = store;
    this.kind = kind;
    this.includeGone = options.includeGone ?? false;
  }

  get(id: string): Resource | undefined {
    return this.resource(id)?.attributes as Resource | undefined;
  }

  has(id: string): boolean {
    return this.resource(id) !== undefined;
  }

  /** The stored resource behind a record (state, visibility, idempotency key). */
  resource(id: string): StoredResource | undefined {
    return this.store.get(this.kind, id, { consistent: true, includeGone: this.includeGone });
  }

  set(id: string, record: Resource, extra: { idempotencyKey?: string } = {}): Resource {
    const stored = this.store.create({ kind: this.kind, id, tags: record.tags, ...extra });
    return this.adopt(stored, record);
  }

  /** Makes a resource created elsewhere (the instance lifecycle) carry this record. */
  adopt(stored: StoredResource, record: Resource): Resource {
    record.tags = stored.tags;
    stored.attributes = record as unknown as Record<string, unknown>;
    return record;
  }

  delete(id: string): boolean {
    return this.store.remove(this.kind, id);
  }

  values(): Resource[] {
    return this.store.list({ kind: this.kind, consistent: true, includeGone: this.includeGone }).map((stored) => stored.attributes as unknown as Resource);
  }

  entries(): [string, Resource][] {
    return this.store.list({ kind: this.kind, consistent: true, includeGone: this.includeGone }).map((stored) => [stored.id, stored.attributes as unknown as Resource]);
  }

  [Symbol.iterator](): Iterator<[string, Resource]> {
    return this.entries()[Symbol.iterator]();
  }
}
