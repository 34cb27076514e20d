/**
 * The OpenAPI v3 schema of each kind is generated from the same zod schema that
 * parses manifests. These tests hold the two to each other: the schema is one a
 * Kubernetes API server accepts (structural), it accepts every valid fixture,
 * rejects the malformed ones it can express at the same field path, and applies
 * the same defaults.
 */
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  clusterApiKindNames,
  customResourceSchema,
  isClusterApiKind,
  kindJsonSchema,
  parseManifests,
  parseManifestTexts,
  type ClusterApiKind,
  type JsonSchema,
} from '../index.js';
import { exampleProviders } from '../test-support/example-providers.js';
import { createOpenApiSchemaValidator, type OpenApiSchemaValidator } from '../test-support/openapi-schema-validator.js';
import { listFixtures, readFixture } from '../test-support/read-fixture.js';
import { structuralSchemaProblems } from '../test-support/structural-schema-problems.js';

const validators = new Map<ClusterApiKind, OpenApiSchemaValidator>(
  // The schema the API server validates with: the kind's own plus the 2018 providerConfig field.
  clusterApiKindNames.map((kind) => [kind, createOpenApiSchemaValidator(customResourceSchema(kind))]),
);

function validatorFor(kind: unknown): OpenApiSchemaValidator {
  if (!isClusterApiKind(kind)) throw new Error(`fixture has no Cluster API kind: ${String(kind)}`);
  return validators.get(kind)!;
}

function at(schema: JsonSchema, ...path: string[]): JsonSchema {
  let node = schema;
  for (const segment of path) {
    const next = segment === '[]' ? node['items'] : (node['properties'] as Record<string, JsonSchema> | undefined)?.[segment];
    if (!next || typeof next !== 'object') throw new Error(`no schema at ${path.join('.')}`);
    node = next as JsonSchema;
  }
  return node;
}

/** Each object of every valid fixture, as written: a document, or an item of a list document. */
function rawValidDocuments(): { file: string; document: Record<string, unknown> }[] {
  return listFixtures('valid').flatMap((file) =>
    parseAllDocuments(readFixture('valid', file).text)
      .map((document) => document.toJS() as Record<string, unknown> | null)
      .filter((document): document is Record<string, unknown> => document !== null)
      .flatMap((document) => (Array.isArray(document['items']) ? (document['items'] as Record<string, unknown>[]) : [document]))
      .map((document) => ({ file, document })),
  );
}

describe('kindJsonSchema', () => {
  it.each(clusterApiKindNames)('%s is a structural schema a Kubernetes API server accepts', (kind) => {
    expect(structuralSchemaProblems(kindJsonSchema(kind))).toEqual([]);
  });

  it('holds no $ref and no definitions, even where the zod schemas share parts', () => {
    for (const kind of clusterApiKindNames) {
      const text = JSON.stringify(kindJsonSchema(kind));
      expect(text).not.toContain('"$ref"');
      expect(text).not.toContain('"$defs"');
      expect(text).not.toContain('"definitions"');
    }
  });

  it('leaves metadata to the API server at the root but describes the template metadata', () => {
    expect(at(kindJsonSchema('Machine'), 'metadata')).toEqual({ type: 'object' });
    expect(Object.keys(at(kindJsonSchema('MachineSet'), 'spec', 'template', 'metadata')['properties'] as object)).toEqual(
      expect.arrayContaining(['labels', 'annotations', 'name']),
    );
  });

  it('marks provider-owned content x-kubernetes-preserve-unknown-fields, so the API server does not prune it', () => {
    const preserved = (node: JsonSchema) => {
      const { description, ...rest } = node;
      expect(typeof description).toBe('string');
      expect(rest).toEqual({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    };
    preserved(at(kindJsonSchema('Machine'), 'spec', 'providerSpec', 'value'));
    preserved(at(kindJsonSchema('Machine'), 'status', 'providerStatus'));
    preserved(at(kindJsonSchema('Cluster'), 'spec', 'providerSpec', 'value'));
    preserved(at(kindJsonSchema('Cluster'), 'status', 'providerStatus'));
    preserved(at(kindJsonSchema('MachineSet'), 'spec', 'template', 'spec', 'providerSpec', 'value'));
    preserved(at(kindJsonSchema('MachineDeployment'), 'spec', 'template', 'spec', 'providerSpec', 'value'));
    preserved(at(kindJsonSchema('MachineClass'), 'providerSpec'));
  });

  it('keeps the fields of status blocks it does not know, and prunes unknown fields of spec', () => {
    expect(at(kindJsonSchema('Machine'), 'status')['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(at(kindJsonSchema('Machine'), 'spec')['x-kubernetes-preserve-unknown-fields']).toBeUndefined();
    expect(at(kindJsonSchema('Machine'), 'spec')['additionalProperties']).toBeUndefined();
  });

  it('says "exactly one of value or valueFrom" for providerSpec with a CEL rule, reported at providerSpec itself', () => {
    for (const [kind, path] of [
      ['Machine', ['spec', 'providerSpec']],
      ['Cluster', ['spec', 'providerSpec']],
      ['MachineSet', ['spec', 'template', 'spec', 'providerSpec']],
      ['MachineDeployment', ['spec', 'template', 'spec', 'providerSpec']],
    ] as const) {
      expect(at(kindJsonSchema(kind), ...path)['x-kubernetes-validations']).toEqual([
        { rule: 'has(self.value) != has(self.valueFrom)', message: 'expected exactly one of value or valueFrom.machineClass' },
      ]);
    }
  });

  it('spells maxSurge and maxUnavailable as x-kubernetes-int-or-string with their defaults and a CEL rule for the forms', () => {
    const rollingUpdate = at(kindJsonSchema('MachineDeployment'), 'spec', 'strategy', 'rollingUpdate');
    const forms = [{ rule: "type(self) == string ? self.matches('^[0-9]+%$') : self >= 0", message: 'expected a whole number or a percentage such as "25%"' }];
    expect(at(rollingUpdate, 'maxSurge')).toMatchObject({ default: 1, 'x-kubernetes-int-or-string': true, 'x-kubernetes-validations': forms });
    expect(at(rollingUpdate, 'maxUnavailable')).toMatchObject({ default: 0, 'x-kubernetes-int-or-string': true, 'x-kubernetes-validations': forms });
    expect(at(rollingUpdate, 'maxSurge')['type']).toBeUndefined();
  });

  it('describes every field, so kubectl explain has something to say', () => {
    const undescribed = (node: JsonSchema, path: string): string[] => {
      // Root metadata is the API server's own (a CRD may not describe it); kubectl explain knows it anyway.
      const found = path && path !== '.metadata' && typeof node['description'] !== 'string' ? [path] : [];
      for (const [name, child] of Object.entries((node['properties'] as Record<string, JsonSchema> | undefined) ?? {})) {
        found.push(...undescribed(child, `${path}.${name}`));
      }
      const items = node['items'] as JsonSchema | undefined;
      // A list's items are explained by the list; their fields still need their own words.
      if (items && typeof items === 'object') found.push(...undescribed({ ...items, description: '' }, `${path}[]`).filter((entry) => entry !== `${path}[]`));
      return found;
    };
    for (const kind of clusterApiKindNames) {
      expect(typeof customResourceSchema(kind)['description']).toBe('string');
      expect({ kind, undescribed: undescribed(customResourceSchema(kind), '') }).toEqual({ kind, undescribed: [] });
    }
  });

  it('carries the enumerations and bounds of the zod schemas', () => {
    const spec = kindJsonSchema('MachineDeployment');
    expect(at(spec, 'spec', 'deletePolicy')).toMatchObject({ type: 'string', enum: ['Random', 'Newest', 'Oldest'], default: 'Random' });
    expect(at(spec, 'spec', 'replicas')).toMatchObject({ type: 'integer', minimum: 0, default: 1 });
    expect(at(spec, 'spec', 'progressDeadlineSeconds')).toMatchObject({ type: 'integer', minimum: 0, exclusiveMinimum: true, default: 600 });
    expect(at(kindJsonSchema('Machine'), 'spec', 'taints', '[]', 'effect')['enum']).toEqual(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
    expect(at(kindJsonSchema('Cluster'), 'spec', 'clusterNetwork', 'pods', 'cidrBlocks')).toMatchObject({ type: 'array', minItems: 1 });
    expect(at(kindJsonSchema('Cluster'), 'apiVersion')).toMatchObject({ type: 'string', enum: ['cluster.k8s.io/v1alpha1'] });
    expect(kindJsonSchema('Machine')['required']).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });

  it('gives defaults that pass their own schema', () => {
    const checkDefaults = (node: JsonSchema, path: string): string[] => {
      const problems: string[] = [];
      if ('default' in node) {
        const { default: value, ...withoutDefault } = node;
        const outcome = createOpenApiSchemaValidator(withoutDefault).validate(value);
        if (!outcome.valid) problems.push(`${path}: ${outcome.errors.join('; ')}`);
      }
      for (const [name, child] of Object.entries((node['properties'] as Record<string, JsonSchema> | undefined) ?? {})) {
        problems.push(...checkDefaults(child, `${path}.${name}`));
      }
      if (node['items'] && typeof node['items'] === 'object') problems.push(...checkDefaults(node['items'] as JsonSchema, `${path}[]`));
      return problems;
    };
    for (const kind of clusterApiKindNames) expect(checkDefaults(kindJsonSchema(kind), kind)).toEqual([]);
  });
});

describe('the structural check itself', () => {
  it('finds what Kubernetes would refuse, so an empty list above means something', () => {
    expect(
      structuralSchemaProblems({
        type: 'object',
        properties: {
          metadata: { type: 'object', properties: { labels: { type: 'object' } } },
          spec: { $ref: '#/definitions/Spec' },
          size: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
          tags: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } },
          strict: { type: 'object', additionalProperties: false },
          count: { type: 'integer', exclusiveMinimum: 0 },
          surge: { type: 'string', 'x-kubernetes-int-or-string': true },
          note: { type: 'string', const: 'x' },
          either: { type: 'object', properties: { a: { type: 'string' } }, oneOf: [{ required: ['a'] }, { required: ['c'] }] },
        },
      }),
    ).toEqual([
      '.spec: $ref is not allowed',
      '.spec: every field needs a type, found undefined',
      '.size anyOf[0]: "type" is not allowed inside a logical junctor',
      '.size anyOf[1]: "type" is not allowed inside a logical junctor',
      '.size: every field needs a type, found undefined',
      '.tags: properties and additionalProperties together',
      '.strict: additionalProperties: false is not allowed',
      '.count: exclusiveMinimum must be true or false in OpenAPI v3.0',
      '.surge: x-kubernetes-int-or-string must not have a type',
      '.note: "const" is not a JSONSchemaProps field',
      '.either oneOf[1]: requires "c", which the schema does not declare',
      '.metadata: only name and generateName may be restricted, found labels',
    ]);
  });
});

describe('the generated schema and manifest parsing agree', () => {
  const parsed = parseManifestTexts(
    listFixtures('valid').map((file) => readFixture('valid', file)),
    { providers: exampleProviders },
  );

  it('accepts every object parsed from the valid corpus', () => {
    expect(parsed.objects.length).toBeGreaterThan(10);
    for (const object of parsed.objects) {
      expect({ object: `${object.kind} ${object.metadata.name}`, ...validatorFor(object.kind).validate(object) }).toEqual({
        object: `${object.kind} ${object.metadata.name}`,
        valid: true,
        errors: [],
      });
    }
  });

  it('accepts every valid document as written, the pre-rename providerConfig ones included', () => {
    const outcomes = rawValidDocuments().map(({ file, document }) => ({
      file,
      kind: document['kind'],
      errors: validatorFor(document['kind']).validate(document).errors,
    }));
    expect(outcomes.filter((outcome) => outcome.errors.length > 0)).toEqual([]);
    expect(outcomes.length).toBe(rawValidDocuments().length);
    expect(outcomes.length).toBeGreaterThanOrEqual(16);
  });

  it('applies the same defaults as parseManifests (the namespace aside, which the API server takes from the request)', () => {
    // The 2018 files are left out: parseManifests renames their providerConfig, the API server keeps it.
    const documents = rawValidDocuments().filter(
      ({ file, document }) => !file.startsWith('openstack/') && !file.startsWith('clusterctl-2018/') && (document['metadata'] as { name?: string }).name,
    );
    expect(documents.length).toBeGreaterThan(8);
    for (const { document } of documents) {
      const defaulted = validatorFor(document['kind']).applyDefaults(document) as { metadata: Record<string, unknown> };
      const fromParser = parsed.objects.find(
        (object) => object.kind === document['kind'] && object.metadata.name === defaulted.metadata['name'],
      );
      expect({ ...defaulted, metadata: { namespace: 'default', ...defaulted.metadata } }).toEqual(fromParser);
    }
  });

  const rejectedByBoth: Record<string, string[]> = {
    'bad-address-type.yaml': ['status.addresses[0].type: must be equal to one of the allowed values'],
    'bad-bootstrap-phase.yaml': ['status.bootstrap.phase: must be equal to one of the allowed values'],
    'bad-delete-policy.yaml': ['spec.deletePolicy: must be equal to one of the allowed values'],
    'bad-selector-operator.yaml': ['spec.selector.matchExpressions[0].operator: must be equal to one of the allowed values'],
    'bad-strategy-type.yaml': ['spec.strategy.type: must be equal to one of the allowed values'],
    'bad-taint-effect.yaml': ['spec.taints[0].effect: must be equal to one of the allowed values'],
    'cidr-empty-list.yaml': ['spec.clusterNetwork.pods.cidrBlocks: must NOT have fewer than 1 items'],
    'fractional-max-unavailable.yaml': ['spec.strategy.rollingUpdate.maxUnavailable: must pass "x-kubernetes-int-or-string" keyword validation'],
    'machine-class-reference-without-name.yaml': ["spec.providerSpec.valueFrom.machineClass.name: must have required property 'name'"],
    'machine-missing-kubelet-version.yaml': ["spec.versions.kubelet: must have required property 'kubelet'"],
    'machine-missing-spec.yaml': ["spec: must have required property 'spec'"],
    'machine-missing-versions.yaml': ["spec.versions: must have required property 'versions'"],
    'machineset-missing-template.yaml': ["spec.template: must have required property 'template'"],
    'negative-replicas.yaml': ['spec.replicas: must be >= 0'],
    'provider-spec-value-not-a-mapping.yaml': ['spec.providerSpec.value: must be object'],
    'replicas-as-string.yaml': ['spec.replicas: must be integer'],
    'api-endpoint-port-out-of-range.yaml': ['status.apiEndpoints[0].port: must be <= 65535'],
    'taint-without-key.yaml': ['spec.taints[0].key: must NOT have fewer than 1 characters'],
    'zero-progress-deadline.yaml': ['spec.progressDeadlineSeconds: must be > 0'],
    'bad-kubelet-version.yaml': ['spec.versions.kubelet: must match pattern "^v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$"'],
  };

  it.each(Object.entries(rejectedByBoth))('%s: the schema rejects it at the field parseManifests names', (file, schemaErrors) => {
    const { text, source } = readFixture('invalid', file);
    const issues = parseManifests(text, { source }).issues;
    expect(issues.length).toBeGreaterThan(0);
    const [document] = parseAllDocuments(text);
    const raw = document!.toJS() as Record<string, unknown>;
    const outcome = validatorFor(raw['kind']).validate(raw);
    expect(outcome.errors).toEqual(schemaErrors);
    // Ajv's conclusion (its last error; earlier ones explain failed oneOf branches) is at a field parseManifests names.
    const conclusion = schemaErrors.at(-1)!;
    expect(issues.map((issue) => issue.path)).toContain(conclusion.slice(0, conclusion.indexOf(':')));
  });
});

describe('what the OpenAPI part of the schema leaves to CEL rules and to the API server', () => {
  // These pass the OpenAPI constraints: CEL rules judge them (a CIDR, a selector matching its
  // template, a percentage form inside int-or-string, exactly one providerSpec source, a
  // providerSpec under either name), or the API server's own ObjectMeta validation does (root
  // metadata). custom-resource-definitions.kube-apiserver.test.ts shows a real server refusing each.
  it.each([
    'bad-max-surge.yaml',
    'bad-name.yaml',
    'cidr-not-an-address.yaml',
    'cidr-prefix-too-long-ipv4.yaml',
    'cidr-prefix-too-long-ipv6.yaml',
    'empty-selector.yaml',
    'label-value-not-a-string.yaml',
    'machine-class-missing-provider-spec.yaml',
    'machine-missing-provider-spec.yaml',
    'owner-reference-without-uid.yaml',
    'provider-spec-empty.yaml',
    'provider-spec-value-and-value-from.yaml',
    'selector-does-not-match-template.yaml',
  ])('%s passes the OpenAPI constraints but not parseManifests', (file) => {
    const { text, source } = readFixture('invalid', file);
    expect(parseManifests(text, { source }).issues).not.toEqual([]);
    const raw = parseAllDocuments(text)[0]!.toJS() as Record<string, unknown>;
    expect(validatorFor(raw['kind']).validate(raw)).toEqual({ valid: true, errors: [] });
  });
});
