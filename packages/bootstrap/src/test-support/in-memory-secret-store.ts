import type { SecretRecord, SecretStorePort } from '../ports/secret-store-port.js';

/** A SecretStorePort in a Map, with the store's first-writer-wins create. */
export class InMemorySecretStore implements SecretStorePort {
  readonly secrets = new Map<string, SecretRecord>();

  private key(namespace: string, name: string): string {
    return `${namespace}/${name}`;
  }

  private copy(secret: SecretRecord): SecretRecord {
    return structuredClone(secret);
  }

  async get(namespace: string, name: string): Promise<SecretRecord | undefined> {
    const secret = this.secrets.get(this.key(namespace, name));
    return secret ? this.copy(secret) : undefined;
  }

  async createIfAbsent(secret: SecretRecord): Promise<SecretRecord> {
    const key = this.key(secret.namespace, secret.name);
    const existing = this.secrets.get(key);
    if (existing) return this.copy(existing);
    this.secrets.set(key, this.copy(secret));
    return this.copy(secret);
  }

  async update(secret: SecretRecord): Promise<SecretRecord> {
    const key = this.key(secret.namespace, secret.name);
    if (!this.secrets.has(key)) throw new Error(`Secret ${key} does not exist`);
    this.secrets.set(key, this.copy(secret));
    return this.copy(secret);
  }

  async delete(namespace: string, name: string): Promise<void> {
    this.secrets.delete(this.key(namespace, name));
  }

  async list(namespace: string, labelSelector: Record<string, string> = {}): Promise<SecretRecord[]> {
    // A plain loop: the join benchmark lists among thousands of token Secrets per join.
    const selector = Object.entries(labelSelector);
    const matches: SecretRecord[] = [];
    for (const secret of this.secrets.values()) {
      if (secret.namespace !== namespace) continue;
      let selected = true;
      for (const [key, value] of selector) {
        if (secret.labels?.[key] !== value) {
          selected = false;
          break;
        }
      }
      if (selected) matches.push(this.copy(secret));
    }
    return matches;
  }
}
