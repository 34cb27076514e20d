import { z } from 'zod';
import { clusterApiKinds, type ClusterApiKind } from '../api/v1alpha1/kinds.js';

export type JsonSchema = Record<string, unknown>;

/**
 * The OpenAPI v3 schema of a kind, generated from the same zod schema that
 * validates manifests, shaped as Kubernetes wants a CRD's `openAPIV3Schema`:
 * structural, no `$ref`, metadata left to the API server, provider-owned
 * fields marked `x-kubernetes-preserve-unknown-fields`.
 */
export function kindJsonSchema(kind: ClusterApiKind): JsonSchema {
  const generated = z.toJSONSchema(clusterApiKinds[kind].schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
    reused: 'inline',
    cycles: 'throw',
  }) as JsonSchema;
  return toStructural(generated, []) as JsonSchema;
}

function toStructural(node: unknown, path: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => toStructural(item, path));
  if (!node || typeof node !== 'object') return node;
  const source = node as Record<string, unknown>;
  // The API server validates root metadata itself and refuses a CRD that says anything of it but
  // name and generateName (a description included); kubectl explain describes it anyway.
  if (path.length === 1 && path[0] === 'metadata') return { type: 'object' };
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === '$schema' || key === 'id' || key === '$id') continue;
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'additionalProperties' && isOpenEnded(value)) {
      // Kubernetes spells "any further fields are kept" as preserve-unknown-fields.
      result['x-kubernetes-preserve-unknown-fields'] = true;
      continue;
    }
    if (key === 'properties' && value && typeof value === 'object') {
      result[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([property, schema]) => [property, toStructural(schema, [...path, property])]),
      );
      continue;
    }
    if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      // Kubernetes structural schemas allow a union only of validations over one type:
      // int-or-string and nullable fields are spelled as Kubernetes spells them.
      const types = new Set(value.map((branch) => (branch as Record<string, unknown>)['type']));
      if (types.has('integer') && types.has('string')) {
        result['x-kubernetes-int-or-string'] = true;
        continue;
      }
    }
    result[key] = toStructural(value, path);
  }
  return result;
}

function isOpenEnded(value: unknown): boolean {
  return value === true || (value !== null && typeof value === 'object' && Object.keys(value).length === 0);
}
