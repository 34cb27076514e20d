/**
 * Judges one providerSpec value with its provider's schema and returns the
 * problems as field paths (relative to the value) and sentences. The contract
 * carries a Standard Schema; a zod 4 schema (what the providers in this
 * repository write) is asked through zod itself, so its issues keep the input
 * they saw and read "expected …, got …" like every other manifest problem.
 * Any other library answers through Standard Schema's messages.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { z } from 'zod';
import type { ProviderSpecSchemaV1 } from '../actuator/v1/provider-plugin-v1.js';
import { zodIssueMessage } from './zod-issue-message.js';

export interface ProviderSpecProblem {
  path: PropertyKey[];
  message: string;
}

export function validateProviderSpec(schema: ProviderSpecSchemaV1, value: unknown): ProviderSpecProblem[] {
  if (isZod4Schema(schema)) {
    const outcome = schema.safeParse(value, { reportInput: true });
    if (outcome.success) return [];
    return outcome.error.issues.map((issue) => ({
      path: issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0] as string] : [...issue.path],
      // A record key its key schema refused (a tag name): the key schema's own words, not "invalid key".
      message: issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? zodIssueMessage(issue)) : zodIssueMessage(issue),
    }));
  }
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) {
    // Nothing was judged, so say so rather than pass the value.
    result.catch(() => undefined);
    return [{ path: [], message: `the provider's schema (${schema['~standard'].vendor}) validates asynchronously; manifest checks need a synchronous schema` }];
  }
  return (result.issues ?? []).map((issue) => ({ path: (issue.path ?? []).map(pathKey), message: issue.message }));
}

function pathKey(segment: PropertyKey | StandardSchemaV1.PathSegment): PropertyKey {
  return typeof segment === 'object' ? segment.key : segment;
}

/** zod 4 marks its schemas with `_zod.version`; another major's issues may differ, so it takes the Standard Schema path. */
function isZod4Schema(schema: ProviderSpecSchemaV1): schema is ProviderSpecSchemaV1 & z.ZodType {
  const internals = (schema as { _zod?: { version?: { major?: number } } })._zod;
  return internals?.version?.major === 4 && typeof (schema as { safeParse?: unknown }).safeParse === 'function';
}
