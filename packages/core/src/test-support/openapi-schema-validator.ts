/**
 * Validates objects against the OpenAPI v3 schemas core generates, with Ajv, the way
 * a Kubernetes API server reads them: the `x-kubernetes-*` extensions get their
 * Kubernetes meaning, and OpenAPI 3.0's boolean exclusiveMinimum/exclusiveMaximum
 * are read as the JSON Schema numbers Ajv expects. The CEL rules (`x-kubernetes-validations`)
 * are not evaluated here: custom-resource-definitions.kube-apiserver.test.ts checks them
 * against a real API server.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { JsonSchema } from '../index.js';

export interface OpenApiValidation {
  valid: boolean;
  /** Each error as `<field path in dotted form>: <Ajv message>`, the field path as core spells it. */
  errors: string[];
}

export interface OpenApiSchemaValidator {
  validate(value: unknown): OpenApiValidation;
  /** Fills in the schema's `default`s on a copy of `value`, as the API server does on create. */
  applyDefaults(value: unknown): unknown;
}

export function createOpenApiSchemaValidator(schema: JsonSchema): OpenApiSchemaValidator {
  const checking = compile(schema, false);
  const defaulting = compile(schema, true);
  return {
    validate(value) {
      const valid = checking(value);
      return { valid, errors: (checking.errors ?? []).map(describeError) };
    },
    applyDefaults(value) {
      const copy: unknown = structuredClone(value);
      defaulting(copy);
      return copy;
    },
  };
}

function compile(schema: JsonSchema, useDefaults: boolean): ValidateFunction {
  // strictRequired off: Kubernetes schemas name in a oneOf's `required` the fields declared one level up.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, useDefaults });
  ajv.addKeyword({ keyword: 'x-kubernetes-preserve-unknown-fields', schemaType: 'boolean' });
  ajv.addKeyword({ keyword: 'x-kubernetes-validations', schemaType: 'array' });
  ajv.addKeyword({
    keyword: 'x-kubernetes-int-or-string',
    schemaType: 'boolean',
    // Kubernetes accepts an integer or a string here and nothing else.
    validate: (enabled: boolean, data: unknown) => !enabled || typeof data === 'string' || Number.isInteger(data),
    errors: false,
  });
  return ajv.compile(toJsonSchemaDialect(schema) as JsonSchema);
}

function toJsonSchemaDialect(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchemaDialect);
  if (!node || typeof node !== 'object') return node;
  const source = node as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'properties' && value && typeof value === 'object') {
      result[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, toJsonSchemaDialect(child)]));
    } else if (key === 'exclusiveMinimum' && typeof value === 'boolean') {
      if (value) {
        result['exclusiveMinimum'] = source['minimum'];
      }
    } else if (key === 'exclusiveMaximum' && typeof value === 'boolean') {
      if (value) result['exclusiveMaximum'] = source['maximum'];
    } else if ((key === 'minimum' && source['exclusiveMinimum'] === true) || (key === 'maximum' && source['exclusiveMaximum'] === true)) {
      continue;
    } else {
      result[key] = toJsonSchemaDialect(value);
    }
  }
  return result;
}

function describeError(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((text, segment) => (/^\d+$/.test(segment) ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment), '');
  const missing = error.keyword === 'required' ? `.${String((error.params as { missingProperty?: string }).missingProperty)}` : '';
  return `${path ? path + missing : missing.slice(1)}: ${error.message ?? error.keyword}`;
}
