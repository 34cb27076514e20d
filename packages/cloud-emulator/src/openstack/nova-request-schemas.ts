/**
 * Nova's own request-body JSON Schemas (nova 34.0.0, every microversion
 * variant), extracted by tools/openstack-schemas/extract-nova-request-schemas.py
 * into schemas/nova-request-schemas.json. The emulator checks every body Nova
 * would check against the variant of the request's microversion, so a client
 * that passes here sends what a real Nova accepts, field for field. The formats
 * are Nova's: `name` (no leading or trailing whitespace), `base64`, `uuid`
 * (hyphens optional, as oslo's is_uuid_like), `ipv4`, `ipv6`.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { Ajv, type ValidateFunction } from 'ajv';
import extracted from './schemas/nova-request-schemas.json' with { type: 'json' };
import { openStackError } from './openstack-error.js';
import type { Microversion } from './nova-compute.js';

interface Variant {
  schema: string;
  min: string;
  max: string | null;
  body: object;
}

const ajv = new Ajv({
  // Nova's patterns are Python regular expressions: compiled without the u flag, as Python reads them.
  unicodeRegExp: false,
  strict: false,
  allErrors: false,
  formats: {
    uuid: (text: string) => /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/.test(text),
    base64: (text: string) => /^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(text) && text.replace(/\s/g, '').length % 4 === 0,
    ipv4: (text: string) => isIPv4(text),
    ipv6: (text: string) => isIPv6(text),
    name: (text: string) => text.trim() === text && text.length > 0,
    name_with_leading_trailing_spaces: (text: string) => text.trim().length > 0,
  },
});

const compiled = new Map<Variant, ValidateFunction>();
const methods = (extracted as { methods: Record<string, Variant[]> }).methods;

function minor(version: string): number {
  return Number(version.split('.')[1]);
}

/** The nova release the schemas come from. */
export const novaSchemaRelease: string = (extracted as { nova: string }).nova;

/** Checks `body` against Nova's schema of `method` (`servers.create`, `os-server-groups.create`, `servers/metadata.create`) at `version`; a 400 in Nova's words otherwise. */
export function checkNovaRequestBody(method: string, version: Microversion, body: unknown): void {
  const variant = methods[method]?.find((candidate) => candidate.min !== '2.0' && minor(candidate.min) <= version.minor && (candidate.max === null || version.minor <= minor(candidate.max)));
  if (variant === undefined) return;
  let validate = compiled.get(variant);
  if (validate === undefined) {
    validate = ajv.compile(variant.body);
    compiled.set(variant, validate);
  }
  if (validate(body)) return;
  const [error] = validate.errors ?? [];
  const field = error?.instancePath.split('/').filter(Boolean).pop() ?? (error?.params as { additionalProperty?: string } | undefined)?.additionalProperty ?? 'body';
  const problem = error?.keyword === 'additionalProperties'
    ? `Additional properties are not allowed ('${(error.params as { additionalProperty: string }).additionalProperty}' was unexpected)`
    : (error?.message ?? 'is invalid');
  throw openStackError(400, 'badRequest', `Invalid input for field/attribute ${field}. Value: ${JSON.stringify(valueAt(body, error?.instancePath ?? ''))?.slice(0, 200)}. ${problem} (Nova ${novaSchemaRelease} schema ${variant.schema}, microversion 2.${version.minor})`);
}

function valueAt(body: unknown, pointer: string): unknown {
  let current = body;
  for (const part of pointer.split('/').filter(Boolean)) current = (current as Record<string, unknown> | undefined)?.[part];
  return current;
}
