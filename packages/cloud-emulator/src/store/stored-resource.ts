/**
 * One resource as an emulated cloud holds it: an instance, a disk, a network
 * interface, an address... Cloud emulators keep their wire-level fields in
 * `attributes`; the framework reads only the fields below.
 */
export interface StoredResource {
  /** `instance` for compute instances in every cloud (the lifecycle and the side door rely on it); free-form otherwise (`volume`, `network-interface`, `address`, `disk`). */
  readonly kind: string;
  readonly id: string;
  tags: Record<string, string>;
  /** Instances: the lifecycle state. Other kinds: whatever the emulator uses (`available` by default). */
  state: string;
  /** Emulated milliseconds since the epoch. */
  readonly createdAt: number;
  /** Until then, reads that are not `consistent` do not see the resource (eventual consistency). */
  readonly visibleAt: number;
  /** The resource this one belongs to (a root disk's instance); owned resources go when their owner terminates, unless `keepAfterOwner`. */
  ownerId?: string;
  keepAfterOwner?: boolean;
  /** The idempotency key it was created under (EC2 ClientToken, GCE requestId). */
  idempotencyKey?: string;
  /** Instances: the user data as the cloud hands it to the machine, after undoing the wire encoding (base64). */
  userData?: Uint8Array;
  /** The cloud's own fields (instance type, image, addresses, ...). */
  attributes: Record<string, unknown>;
}

/** States in which a resource no longer counts as existing (for quotas, the side door's `live` view, deletion checks). */
export const goneStates: ReadonlySet<string> = new Set(['terminated', 'deleted']);

/** States in which an instance is gone or irrevocably going. */
export const goingStates: ReadonlySet<string> = new Set(['terminating', 'terminated', 'deleted']);
