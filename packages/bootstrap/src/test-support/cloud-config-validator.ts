import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Validates rendered user data with cloud-init's own schema (the copy next to
 * this file): `#cloud-config` header, YAML, every module's shape, and only
 * top-level keys some cloud-init module knows.
 */
const schema = JSON.parse(readFileSync(new URL('./cloud-init/schema-cloud-config-v1.json', import.meta.url), 'utf8')) as Record<string, unknown> & {
  $defs: Record<string, { properties?: Record<string, unknown> }>;
};
// Draft-04 header, but the body only uses keywords draft-07 reads the same way.
delete schema['$schema'];
const ajv = new Ajv({ strict: false, allErrors: true });
const addFormats = addFormatsModule as unknown as (instance: Ajv) => Ajv;
addFormats(ajv);
const validate = ajv.compile(schema);
const knownTopLevelKeys = new Set(Object.values(schema.$defs).flatMap((definition) => Object.keys(definition.properties ?? {})));

export function cloudConfigProblems(userData: string): string[] {
  if (!userData.startsWith('#cloud-config\n')) return ['user data does not start with "#cloud-config"'];
  const document = parse(userData) as Record<string, unknown>;
  const problems: string[] = [];
  if (!validate(document)) problems.push(...(validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`));
  for (const key of Object.keys(document)) if (!knownTopLevelKeys.has(key)) problems.push(`unknown top-level key ${key}`);
  return problems;
}
