/**
 * Compute Engine's label rules, enforced as strictly as the API does: at most 64
 * labels; keys 1–63 characters, starting with a lowercase letter, then lowercase
 * letters, digits, "_" and "-"; values 0–63 characters of the same set.
 * International lowercase letters are allowed, as in the published rules.
 */
import { gceInvalidField } from './gce-error.js';

const keyPattern = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const valuePattern = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

/** Returns the labels when valid; throws Google's 400 naming the field otherwise. */
export function validateGceLabels(labels: unknown, field: string): Record<string, string> {
  if (labels === undefined || labels === null) return {};
  if (typeof labels !== 'object' || Array.isArray(labels)) throw gceInvalidField(field, labels, 'Labels must be a map of strings.');
  const entries = Object.entries(labels as Record<string, unknown>);
  if (entries.length > 64) throw gceInvalidField(field, '', `Too many labels: ${entries.length}; the limit is 64.`);
  for (const [key, value] of entries) {
    if (!keyPattern.test(key)) {
      throw gceInvalidField(field, '', `Label key '${key}' violates format constraints. The key must start with a lowercase character, can only contain lowercase letters, numeric characters, underscores and dashes, and have at most 63 characters.`);
    }
    if (typeof value !== 'string' || !valuePattern.test(value)) {
      throw gceInvalidField(field, '', `Label value '${String(value)}' violates format constraints. The value can only contain lowercase letters, numeric characters, underscores and dashes, and have at most 63 characters.`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

const namePattern = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Resource names follow RFC 1035: 1–63 characters, a lowercase letter first, no trailing hyphen. */
export function validateGceName(name: unknown, field: string): string {
  if (typeof name !== 'string' || !namePattern.test(name)) {
    throw gceInvalidField(field, name, "Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'");
  }
  return name;
}
