/**
 * The resources of one emulated cloud, in memory: creation with quota checks
 * and an eventual-consistency window, reads that honour that window unless they
 * ask to be consistent, lookups by tag and idempotency key. Cloud emulators keep
 * all their state here, so the side door sees everything the cloud holds.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { EmulatorClock } from '../clock/emulator-clock.js';
import { CloudFault } from '../faults/cloud-fault.js';
import type { FaultSwitchboard } from '../faults/fault-switchboard.js';
import { goneStates, type StoredResource } from './stored-resource.js';

export interface NewResource {
  kind: string;
  /** Chosen by the emulator (deterministic Azure names); generated from `idPrefix` otherwise. */
  id?: string;
  /** Prefix of a generated id (`i` gives `i-0123456789abcdef0`); default the kind. */
  idPrefix?: string;
  tags?: Record<string, string>;
  state?: string;
  ownerId?: string;
  keepAfterOwner?: boolean;
  idempotencyKey?: string;
  userData?: Uint8Array;
  attributes?: Record<string, unknown>;
}

export interface ResourceQuery {
  kind?: string;
  /** Every listed tag must be present with this value. */
  tags?: Record<string, string>;
  ownerId?: string;
  /** Also return resources in a gone state (terminated instances the cloud still shows). */
  includeGone?: boolean;
  /** Read through the eventual-consistency window (the side door and idempotency lookups do). */
  consistent?: boolean;
}

export class ResourceStore {
  private readonly resources = new Map<string, StoredResource>();
  private readonly creations = new AsyncLocalStorage<Set<string>>();
  private readonly clock: EmulatorClock;
  private readonly faults: FaultSwitchboard;

  constructor(options: { clock: EmulatorClock; faults: FaultSwitchboard }) {
    this.clock = options.clock;
    this.faults = options.faults;
  }

  /** Creates a resource; throws a `quota` CloudFault when the kind's quota is used up, a `conflict` one when the id is taken. */
  create(input: NewResource): StoredResource {
    const limit = this.faults.quotaLimit(input.kind);
    if (limit !== undefined && this.list({ kind: input.kind, consistent: true }).length >= limit) {
      throw new CloudFault(`Quota exceeded for ${input.kind}: the limit is ${limit}.`, { kind: 'quota' });
    }
    const id = input.id ?? `${input.idPrefix ?? input.kind}-${randomBytes(8).toString('hex').slice(0, 17)}`;
    const key = this.keyOf(input.kind, id);
    const existing = this.resources.get(key);
    if (existing !== undefined && !goneStates.has(existing.state)) {
      throw new CloudFault(`The ${input.kind} ${id} already exists.`, { kind: 'conflict' });
    }
    const now = this.clock.now();
    const resource: StoredResource = {
      kind: input.kind,
      id,
      tags: { ...input.tags },
      state: input.state ?? 'available',
      createdAt: now,
      visibleAt: now + this.faults.visibilityDelay(input.kind),
      attributes: { ...input.attributes },
      ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
      ...(input.keepAfterOwner !== undefined ? { keepAfterOwner: input.keepAfterOwner } : {}),
      ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
      ...(input.userData !== undefined ? { userData: new Uint8Array(input.userData) } : {}),
    };
    this.resources.set(key, resource);
    this.creations.getStore()?.add(input.kind);
    return resource;
  }

  /** A resource by kind and id; undefined when absent, or still invisible and `consistent` is not set. */
  get(kind: string, id: string, options: { consistent?: boolean; includeGone?: boolean } = {}): StoredResource | undefined {
    const resource = this.resources.get(this.keyOf(kind, id));
    if (resource === undefined) return undefined;
    if (!options.consistent && resource.visibleAt > this.clock.now()) return undefined;
    if (!options.includeGone && goneStates.has(resource.state)) return undefined;
    return resource;
  }

  list(query: ResourceQuery = {}): StoredResource[] {
    const now = this.clock.now();
    return [...this.resources.values()].filter(
      (resource) =>
        (query.kind === undefined || resource.kind === query.kind) &&
        (query.ownerId === undefined || resource.ownerId === query.ownerId) &&
        (query.includeGone || !goneStates.has(resource.state)) &&
        (query.consistent || resource.visibleAt <= now) &&
        Object.entries(query.tags ?? {}).every(([key, value]) => resource.tags[key] === value),
    );
  }

  /** The resource created under an idempotency key; always consistent, as clouds make idempotency keys. */
  findByIdempotencyKey(kind: string, idempotencyKey: string): StoredResource | undefined {
    for (const resource of this.resources.values()) {
      if (resource.kind === kind && resource.idempotencyKey === idempotencyKey) return resource;
    }
    return undefined;
  }

  /** Forgets a resource entirely (the cloud no longer lists it at all). */
  remove(kind: string, id: string): boolean {
    return this.resources.delete(this.keyOf(kind, id));
  }

  /** Runs `work` and reports which kinds it created; the runtime uses it for `loseReplies({ onlyWhenCreating })`. */
  async trackCreations<T>(work: () => Promise<T>): Promise<{ result: T; createdKinds: Set<string> }> {
    const createdKinds = new Set<string>();
    const result = await this.creations.run(createdKinds, work);
    return { result, createdKinds };
  }

  private keyOf(kind: string, id: string): string {
    return `${kind}\u0000${id}`;
  }
}
