/**
 * Compute Engine's rules for labels and names, as zod schemas, so a providerSpec
 * that the API would refuse is refused before anything is created, with the
 * field named. Labels: keys 1–63 characters starting with a lowercase letter;
 * keys and values of lowercase letters, digits, "_" and "-"; at most 64 labels
 * per resource. Names and network tags: RFC 1035, at most 63 characters.
 */
import { z } from 'zod';

export const gceLabelKeySchema = z
  .string()
  .regex(/^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u, {
    message: 'expected a GCE label key: 1-63 characters, a lowercase letter first, then lowercase letters, digits, "_" or "-"',
  });

export const gceLabelValueSchema = z
  .string()
  .regex(/^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u, {
    message: 'expected a GCE label value: at most 63 lowercase letters, digits, "_" or "-"',
  });

export const gceNameSchema = z
  .string()
  .regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, {
    message: 'expected a GCE name: 1-63 characters, a lowercase letter first, then lowercase letters, digits or "-", not ending in "-"',
  });

/** How many labels Slipway itself puts on a resource (ownership and role), out of Compute's 64. */
export const reservedLabelCount = 4;
