import type { SecretRecord, SecretStorePort } from '../ports/secret-store-port.js';

/**
 * A SecretStorePort in a Map, with the store's first-writer-wins create and a
 * label index (the join benchmark keeps thousands of token Secrets in one
 * namespace and lists a Machine's tokens on every join, as a real store's
 * label selector would serve from an index).
 */
export class InMemorySecretStore implements SecretStorePort {
  readonly secrets = new Map<string, SecretRecord>();
  private readonly byLabel = new Map<string, Set<string>>();

  private key(namespace: string, name: string): string {
    return `${namespace}/${name}`;
  }

  private copy(secret: SecretRecord): SecretRecord {
    return structuredClone(secret);
  }

  private labelKeys(secret: SecretRecord): string[] {
    return Object.entries(secret.labels ?? {}).map(([label, value]) => `${secret.namespace}\u0000${label}=${value}`);
  }

  private put(secret: SecretRecord): void {
    const key = this.key(secret.namespace, secret.name);
    this.remove(key);
    this.secrets.set(key, this.copy(secret));
    for (const labelKey of this.labelKeys(secret)) {
      let keys = this.byLabel.get(labelKey);
      if (!keys) this.byLabel.set(labelKey, (keys = new Set()));
      keys.add(key);
    }
  }

  private remove(key: string): void {
    const existing = this.secrets.get(key);
    if (!existing) return;
    for (const labelKey of this.labelKeys(existing)) this.byLabel.get(labelKey)?.delete(key);
    this.secrets.delete(key);
  }

  async get(namespace: string, name: string): Promise<SecretRecord | undefined> {
    const secret = this.secrets.get(this.key(namespace, name));
    return secret ? this.copy(secret) : undefined;
  }

  async createIfAbsent(secret: SecretRecord): Promise<SecretRecord> {
    const existing = this.secrets.get(this.key(secret.namespace, secret.name));
    if (existing) return this.copy(existing);
    this.put(secret);
    return this.copy(secret);
  }

  async update(secret: SecretRecord): Promise<SecretRecord> {
    const key = this.key(secret.namespace, secret.name);
    if (!this.secrets.has(key)) throw new Error(`Secret ${key} does not exist`);
    this.put(secret);
    return this.copy(secret);
  }

  async delete(namespace: string, name: string): Promise<void> {
    this.remove(this.key(namespace, name));
  }

  async list(namespace: string, labelSelector: Record<string, string> = {}): Promise<SecretRecord[]> {
    const selector = Object.entries(labelSelector);
    let candidates: Iterable<string> = this.secrets.keys();
    if (selector.length > 0) {
      // Start from the smallest label set; check the rest on each candidate.
      const sets = selector.map(([label, value]) => this.byLabel.get(`${namespace}\u0000${label}=${value}`) ?? new Set<string>());
      candidates = sets.reduce((smallest, set) => (set.size < smallest.size ? set : smallest));
    }
    const matches: SecretRecord[] = [];
    for (const key of candidates) {
      const secret = this.secrets.get(key);
      if (!secret || secret.namespace !== namespace) continue;
      if (selector.every(([label, value]) => secret.labels?.[label] === value)) matches.push(this.copy(secret));
    }
    return matches;
  }
}
