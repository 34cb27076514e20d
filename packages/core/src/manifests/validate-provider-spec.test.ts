/**
 * The contract carries Standard Schemas: zod 4 schemas keep their detailed
 * "expected …, got …" wording, and a schema from any other library (here a
 * hand-written validator function, as valibot or a zod 5 would present one)
 * is judged through the Standard Schema interface with its own paths and messages.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseManifests, type ProviderSpecSource } from '../index.js';
import { validateProviderSpec } from './validate-provider-spec.js';

/** A validator that wants `size` to be a positive integer and reports paths as segments, as Standard Schema allows. */
const sizeSchema: StandardSchemaV1 = {
  '~standard': {
    version: 1,
    vendor: 'hand-written',
    validate: (value) => {
      const size = (value as { size?: unknown }).size;
      if (Number.isInteger(size) && (size as number) > 0) return { value };
      return { issues: [{ message: 'size must be a positive whole number of gigabytes', path: [{ key: 'size' }] }] };
    },
  },
};

describe('validateProviderSpec', () => {
  it('asks a zod 4 schema through zod, so the message names what it got', () => {
    const schema = z.strictObject({ size: z.number().int().min(1) });
    expect(validateProviderSpec(schema, { size: 0 })).toEqual([{ path: ['size'], message: 'expected a value at least 1, got 0' }]);
    expect(validateProviderSpec(schema, { size: 1, extra: true })).toEqual([{ path: ['extra'], message: 'unknown field "extra"' }]);
    expect(validateProviderSpec(schema, { size: 3 })).toEqual([]);
  });

  it('says why a record key was refused, at the key', () => {
    const tags = z.strictObject({ tags: z.record(z.string().refine((key) => !key.includes('/'), 'tag names cannot contain "/"'), z.string()) });
    expect(validateProviderSpec(tags, { tags: { 'team/owner': 'a' } })).toEqual([{ path: ['tags', 'team/owner'], message: 'tag names cannot contain "/"' }]);
  });

  it('judges any other Standard Schema through its validate function, path segments flattened to keys', () => {
    expect(validateProviderSpec(sizeSchema, { size: -2 })).toEqual([{ path: ['size'], message: 'size must be a positive whole number of gigabytes' }]);
    expect(validateProviderSpec(sizeSchema, { size: 8 })).toEqual([]);
  });

  it('refuses to pass a value a schema would judge only asynchronously', () => {
    const asynchronous: StandardSchemaV1 = { '~standard': { version: 1, vendor: 'later', validate: async (value) => ({ value }) } };
    expect(validateProviderSpec(asynchronous, {})).toEqual([
      { path: [], message: "the provider's schema (later) validates asynchronously; manifest checks need a synchronous schema" },
    ]);
  });

  it('reports a non-zod provider’s problems in a manifest at the providerSpec field', () => {
    const provider: ProviderSpecSource = { name: 'disks', providerSpec: { apiGroups: ['disks.example'], machineProviderSpec: sizeSchema, clusterProviderSpec: sizeSchema } };
    const manifest = [
      'apiVersion: cluster.k8s.io/v1alpha1',
      'kind: Machine',
      'metadata: { name: one }',
      'spec:',
      '  providerSpec:',
      '    value: { apiVersion: disks.example/v1, size: 0 }',
    ].join('\n');
    const parsed = parseManifests(manifest, { providers: [provider] });
    const providerSpecIssues = parsed.issues.filter((issue) => issue.path.startsWith('spec.providerSpec'));
    expect(providerSpecIssues).toEqual([
      expect.objectContaining({ path: 'spec.providerSpec.value.size', message: 'size must be a positive whole number of gigabytes' }),
    ]);
  });
});
