/**
 * Secrets as the bootstrap package sees them (PKI, tokens): a narrow port over
 * the store's v1 Secrets, so the node-authorization service never depends on
 * the store contract itself.
 */
import { AlreadyExistsError } from '../store/already-exists-error.js';
import { ConflictError } from '../store/conflict-error.js';
import { NotFoundError } from '../store/not-found-error.js';
import type { ObjectStore, StoredObject } from '../store/object-store.js';
import { secretType } from '../store/object-types.js';
import type { SecretRecord, SecretStorePort } from '@slipway/bootstrap';

// The port's shape is the bootstrap package's: it declares what it needs, the manager adapts its store to it.
export type { SecretRecord, SecretStorePort } from '@slipway/bootstrap';

/** A v1 Secret as stored. */
export interface StoredSecret extends StoredObject {
  type?: string;
  data: Record<string, string>;
}

export function createSecretStorePort(store: ObjectStore): SecretStorePort {
  return {
    async get(namespace, name) {
      const secret = await store.get<StoredSecret>(secretType, namespace, name);
      return secret === undefined ? undefined : toRecord(secret);
    },
    async createIfAbsent(secret) {
      try {
        return toRecord(await store.create<StoredSecret>(toStored(secret)));
      } catch (error) {
        if (!AlreadyExistsError.isInstance(error)) throw error;
        const existing = await store.get<StoredSecret>(secretType, secret.namespace, secret.name);
        if (existing === undefined) throw error;
        return toRecord(existing);
      }
    },
    async update(secret) {
      for (let attempt = 0; ; attempt += 1) {
        const existing = await store.get<StoredSecret>(secretType, secret.namespace, secret.name);
        if (existing === undefined) throw new NotFoundError(`v1/Secret ${secret.namespace}/${secret.name}`);
        const labels = secret.labels ?? existing.metadata.labels;
        try {
          const updated = await store.update<StoredSecret>({
            ...existing,
            metadata: { ...existing.metadata, ...(labels === undefined ? {} : { labels: { ...labels } }) },
            data: { ...secret.data },
          });
          return toRecord(updated);
        } catch (error) {
          if (!ConflictError.isInstance(error) || attempt >= 10) throw error;
        }
      }
    },
    async delete(namespace, name) {
      try {
        await store.delete(secretType, namespace, name);
      } catch (error) {
        if (!NotFoundError.isInstance(error)) throw error;
      }
    },
    async list(namespace, labelSelector) {
      const { items } = await store.list<StoredSecret>(secretType, {
        namespace,
        ...(labelSelector === undefined ? {} : { labelSelector: { matchLabels: labelSelector } }),
      });
      return items.map(toRecord);
    },
  };
}

function toStored(secret: SecretRecord): StoredSecret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: secret.name,
      namespace: secret.namespace,
      ...(secret.labels === undefined ? {} : { labels: { ...secret.labels } }),
    },
    type: 'Opaque',
    data: { ...secret.data },
  };
}

function toRecord(secret: StoredSecret): SecretRecord {
  return {
    namespace: secret.metadata.namespace ?? 'default',
    name: secret.metadata.name ?? '',
    ...(secret.metadata.labels === undefined ? {} : { labels: { ...secret.metadata.labels } }),
    data: { ...(secret.data ?? {}) },
  };
}
