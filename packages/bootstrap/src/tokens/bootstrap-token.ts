import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Bootstrap tokens in kubeadm's format, `[a-z0-9]{6}.[a-z0-9]{16}`: a public
 * id that names the stored record and a secret whose SHA-256 alone is stored.
 * The secret has about 82 bits of entropy, so an unsalted hash is safe.
 */
export const bootstrapTokenPattern = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomString(length: number): string {
  let value = '';
  // randomInt draws without modulo bias.
  for (let index = 0; index < length; index += 1) value += alphabet[randomInt(alphabet.length)];
  return value;
}

export interface BootstrapToken {
  id: string;
  secret: string;
  /** `<id>.<secret>`: the only form that leaves the management side, inside user data. */
  value: string;
}

export function generateBootstrapToken(): BootstrapToken {
  const id = randomString(6);
  const secret = randomString(16);
  return { id, secret, value: `${id}.${secret}` };
}

export function parseBootstrapToken(value: string): BootstrapToken | undefined {
  const match = bootstrapTokenPattern.exec(value);
  if (!match) return undefined;
  return { id: match[1] ?? '', secret: match[2] ?? '', value };
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function tokenSecretMatches(secret: string, storedHashHex: string): boolean {
  const presented = createHash('sha256').update(secret, 'utf8').digest();
  const stored = Buffer.from(storedHashHex, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
