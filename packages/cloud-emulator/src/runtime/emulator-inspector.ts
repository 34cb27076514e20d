/**
 * The side door: the cloud's state as the cloud holds it, for tests. Reads are
 * always consistent (no eventual-consistency window) and return copies, so a
 * test can neither be fooled by nor disturb the emulator.
 */
import type { CallLog } from '../call-log/call-log.js';
import type { BootHook, BootRecord } from '../machine/boot-hook.js';
import type { ResourceStore } from '../store/resource-store.js';
import type { StoredResource } from '../store/stored-resource.js';

/** A copy of a stored resource. */
export type InspectedResource = Readonly<StoredResource>;

export interface InspectFilter {
  kind?: string;
  /** Every listed tag must be present with this value. */
  tags?: Record<string, string>;
  ownerId?: string;
  /** Include instances already terminated (still listed by the cloud) and deleted resources not yet forgotten. */
  includeGone?: boolean;
}

export interface EmulatorInspector {
  /** Instances (kind `instance`), by default those not terminated. */
  instances(filter?: Omit<InspectFilter, 'kind'>): InspectedResource[];
  /** Resources of every kind, or of `filter.kind`. */
  resources(filter?: InspectFilter): InspectedResource[];
  resource(kind: string, id: string): InspectedResource | undefined;
  /** The request log (counts by action and outcome). */
  readonly callLog: CallLog;
  /** The boot of an instance's user data, when a machine simulator is attached. */
  boot(instanceId: string): BootRecord | undefined;
  boots(): BootRecord[];
}

function copy(resource: StoredResource): InspectedResource {
  return structuredClone(resource);
}

export function createEmulatorInspector(parts: { store: ResourceStore; callLog: CallLog; bootHook?: BootHook }): EmulatorInspector {
  const { store, callLog, bootHook } = parts;
  const query = (filter: InspectFilter = {}) =>
    store
      .list({
        consistent: true,
        ...(filter.kind !== undefined ? { kind: filter.kind } : {}),
        ...(filter.tags !== undefined ? { tags: filter.tags } : {}),
        ...(filter.ownerId !== undefined ? { ownerId: filter.ownerId } : {}),
        ...(filter.includeGone !== undefined ? { includeGone: filter.includeGone } : {}),
      })
      .map(copy);
  return {
    instances: (filter = {}) => query({ ...filter, kind: 'instance' }),
    resources: query,
    resource: (kind, id) => {
      const found = store.get(kind, id, { consistent: true, includeGone: true });
      return found === undefined ? undefined : copy(found);
    },
    callLog,
    boot: (instanceId) => bootHook?.record(instanceId),
    boots: () => bootHook?.records() ?? [],
  };
}
