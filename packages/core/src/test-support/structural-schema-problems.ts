/**
 * Checks a CRD schema against the rules Kubernetes sets for structural schemas
 * (apiextensions.k8s.io/v1), so a schema mistake shows up in a unit test rather
 * than as a rejected CustomResourceDefinition on a live API server.
 */
import type { JsonSchema } from '../index.js';

/** The fields of JSONSchemaProps, the only keys a CRD schema node may carry. */
const jsonSchemaPropsKeys = new Set([
  'id', '$schema', '$ref', 'description', 'type', 'format', 'title', 'default', 'maximum', 'exclusiveMaximum',
  'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems',
  'multipleOf', 'enum', 'maxProperties', 'minProperties', 'required', 'items', 'allOf', 'oneOf', 'anyOf', 'not',
  'properties', 'additionalProperties', 'patternProperties', 'dependencies', 'additionalItems', 'definitions',
  'externalDocs', 'example', 'nullable', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string', 'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type',
  'x-kubernetes-validations',
]);

const schemaTypes = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/** Every violation found, as `<path in the schema>: <what is wrong>`; empty for a structural schema. */
export function structuralSchemaProblems(schema: JsonSchema): string[] {
  const problems: string[] = [];
  visit(schema, '', problems);
  const metadata = (schema['properties'] as Record<string, JsonSchema> | undefined)?.['metadata'];
  if (metadata) {
    const allowed = new Set(['name', 'generateName']);
    const restricted = Object.keys((metadata['properties'] as Record<string, unknown> | undefined) ?? {}).filter((key) => !allowed.has(key));
    if (restricted.length > 0) problems.push(`.metadata: only name and generateName may be restricted, found ${restricted.join(', ')}`);
    // Checked against kube-apiserver v1.37: even a description of metadata is "implicitly specified" and refused.
    const extra = Object.keys(metadata).filter((key) => key !== 'type' && key !== 'properties');
    if (extra.length > 0) problems.push(`.metadata: nothing but its type may be said of root metadata, found ${extra.join(', ')}`);
  }
  return problems;
}

function visit(node: JsonSchema, path: string, problems: string[]): void {
  const at = path || '<root>';
  for (const key of Object.keys(node)) {
    if (!jsonSchemaPropsKeys.has(key)) problems.push(`${at}: "${key}" is not a JSONSchemaProps field`);
  }
  if ('$ref' in node) problems.push(`${at}: $ref is not allowed`);
  for (const key of ['definitions', 'patternProperties', 'dependencies', 'additionalItems']) {
    if (key in node) problems.push(`${at}: ${key} is not used by a structural schema here`);
  }
  for (const junctor of ['allOf', 'oneOf', 'anyOf', 'not'] as const) {
    if (!(junctor in node)) continue;
    const value = node[junctor];
    const branches = junctor === 'not' ? [value] : Array.isArray(value) ? value : [];
    if (junctor !== 'not' && !Array.isArray(value)) problems.push(`${at}: ${junctor} must be a list`);
    branches.forEach((branch, index) => junctorBranchProblems(branch, node, `${at} ${junctor}[${index}]`, problems));
  }
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserveUnknown = node['x-kubernetes-preserve-unknown-fields'] === true;
  const type = node['type'];
  if (intOrString && type !== undefined) problems.push(`${at}: x-kubernetes-int-or-string must not have a type`);
  if (!intOrString && !preserveUnknown && (typeof type !== 'string' || !schemaTypes.has(type))) {
    problems.push(`${at}: every field needs a type, found ${JSON.stringify(type)}`);
  }
  if ('properties' in node && 'additionalProperties' in node) problems.push(`${at}: properties and additionalProperties together`);
  if (('properties' in node || 'additionalProperties' in node || preserveUnknown) && type !== 'object') {
    problems.push(`${at}: fields or preserve-unknown-fields on a node of type ${JSON.stringify(type)}`);
  }
  if (node['additionalProperties'] === false) problems.push(`${at}: additionalProperties: false is not allowed`);
  if ('exclusiveMinimum' in node && typeof node['exclusiveMinimum'] !== 'boolean') problems.push(`${at}: exclusiveMinimum must be true or false in OpenAPI v3.0`);
  if ('exclusiveMaximum' in node && typeof node['exclusiveMaximum'] !== 'boolean') problems.push(`${at}: exclusiveMaximum must be true or false in OpenAPI v3.0`);
  if ('required' in node && (!Array.isArray(node['required']) || node['required'].some((name) => typeof name !== 'string'))) {
    problems.push(`${at}: required must be a list of field names`);
  }
  for (const [name, child] of Object.entries((node['properties'] as Record<string, JsonSchema> | undefined) ?? {})) {
    visit(child, `${path}.${name}`, problems);
  }
  const items = node['items'];
  if (Array.isArray(items)) problems.push(`${at}: items must be one schema, not a list`);
  else if (items && typeof items === 'object') visit(items as JsonSchema, `${path}[]`, problems);
  const additional = node['additionalProperties'];
  if (additional && typeof additional === 'object') visit(additional as JsonSchema, `${path}{}`, problems);
}

/**
 * Inside allOf/oneOf/anyOf/not a structural schema may only validate values: no type,
 * default, description, nullable, additionalProperties or extensions, and only fields
 * the enclosing schema itself declares.
 */
function junctorBranchProblems(branch: unknown, enclosing: JsonSchema, at: string, problems: string[]): void {
  if (!branch || typeof branch !== 'object' || Array.isArray(branch)) {
    problems.push(`${at}: expected a schema`);
    return;
  }
  const record = branch as JsonSchema;
  for (const key of Object.keys(record)) {
    if (['type', 'default', 'description', 'nullable', 'additionalProperties'].includes(key) || key.startsWith('x-kubernetes-')) {
      problems.push(`${at}: "${key}" is not allowed inside a logical junctor`);
    }
  }
  const declared = Object.keys((enclosing['properties'] as Record<string, unknown> | undefined) ?? {});
  const required = Array.isArray(record['required']) ? (record['required'] as unknown[]) : [];
  for (const name of required) {
    if (typeof name !== 'string' || !declared.includes(name)) problems.push(`${at}: requires ${JSON.stringify(name)}, which the schema does not declare`);
  }
}
