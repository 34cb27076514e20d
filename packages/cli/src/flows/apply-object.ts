import type { ObjectStore, StoredObject } from '@slipway/manager';

export type ApplyOutcome = 'created' | 'scaled' | 'unchanged';

/**
 * Creates the object unless it exists (a rerun resumes instead of duplicating).
 * An existing MachineSet or MachineDeployment takes the new replica count;
 * nothing else of an existing object is changed.
 */
export async function applyObject(store: ObjectStore, object: StoredObject & { spec?: unknown; status?: unknown }): Promise<ApplyOutcome> {
  const type = { apiVersion: object.apiVersion, kind: object.kind };
  const namespace = object.metadata.namespace ?? 'default';
  const name = object.metadata.name ?? '';
  const existing = await store.get<StoredObject & { spec?: { replicas?: number } }>(type, namespace, name);
  if (!existing) {
    const { status: _status, ...withoutStatus } = object;
    await store.create({ ...withoutStatus, metadata: { ...object.metadata, namespace } });
    return 'created';
  }
  const replicas = (object.spec as { replicas?: number } | undefined)?.replicas;
  if ((object.kind === 'MachineSet' || object.kind === 'MachineDeployment') && replicas !== undefined && existing.spec?.replicas !== replicas) {
    await store.patch(type, namespace, name, { spec: { replicas } });
    return 'scaled';
  }
  return 'unchanged';
}
