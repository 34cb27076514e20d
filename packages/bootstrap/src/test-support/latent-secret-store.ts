import type { SecretRecord, SecretStorePort } from '../ports/secret-store-port.js';
import { InMemorySecretStore } from './in-memory-secret-store.js';

/**
 * The in-memory store behind a few milliseconds of latency on every call, as
 * a real store over the network has. Each operation is still atomic at the
 * store (as an API server's create is); the delay only opens the windows
 * between a caller's reads and writes that an instant store hides.
 */
export class LatentSecretStore implements SecretStorePort {
  readonly inner = new InMemorySecretStore();

  constructor(private readonly latencyMs: number) {}

  private async later<T>(operation: () => Promise<T>): Promise<T> {
    await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    return operation();
  }

  get(namespace: string, name: string): Promise<SecretRecord | undefined> {
    return this.later(() => this.inner.get(namespace, name));
  }

  createIfAbsent(secret: SecretRecord): Promise<SecretRecord> {
    return this.later(() => this.inner.createIfAbsent(secret));
  }

  update(secret: SecretRecord): Promise<SecretRecord> {
    return this.later(() => this.inner.update(secret));
  }

  delete(namespace: string, name: string): Promise<void> {
    return this.later(() => this.inner.delete(namespace, name));
  }

  list(namespace: string, labelSelector?: Record<string, string>): Promise<SecretRecord[]> {
    return this.later(() => this.inner.list(namespace, labelSelector));
  }
}
