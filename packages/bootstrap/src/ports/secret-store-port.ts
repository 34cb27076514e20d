/**
 * What the bootstrap package needs from the object store for Secrets. The
 * manager adapts its store to exactly this shape (createSecretStorePort);
 * tests use an in-memory implementation.
 */
export interface SecretRecord {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  /** Values are base64, as in a Kubernetes Secret. */
  data: Record<string, string>;
}

export interface SecretStorePort {
  get(namespace: string, name: string): Promise<SecretRecord | undefined>;
  /** First writer wins; returns the Secret as stored (which may be another writer's). */
  createIfAbsent(secret: SecretRecord): Promise<SecretRecord>;
  update(secret: SecretRecord): Promise<SecretRecord>;
  delete(namespace: string, name: string): Promise<void>;
  list(namespace: string, labelSelector?: Record<string, string>): Promise<SecretRecord[]>;
}
