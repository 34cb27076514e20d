/**
 * The CustomResourceDefinitions built from the kinds: names, group, version,
 * subresources and the schema, and that they survive a trip through YAML as
 * `slipway` would write them for `kubectl apply -f`.
 */
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  buildCustomResourceDefinition,
  buildCustomResourceDefinitions,
  clusterApiKindNames,
  kindJsonSchema,
  type ClusterApiKind,
} from '../index.js';

interface CustomResourceDefinitionShape {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; listKind: string; plural: string; singular: string };
    versions: { name: string; served: boolean; storage: boolean; schema: { openAPIV3Schema: unknown }; subresources?: Record<string, unknown> }[];
  };
}

function definitionOf(kind: ClusterApiKind): CustomResourceDefinitionShape {
  return buildCustomResourceDefinition(kind) as unknown as CustomResourceDefinitionShape;
}

describe('buildCustomResourceDefinitions', () => {
  it('builds one apiextensions.k8s.io/v1 definition per kind, named <plural>.cluster.k8s.io', () => {
    const definitions = buildCustomResourceDefinitions() as unknown as CustomResourceDefinitionShape[];
    expect(definitions.map((definition) => [definition.apiVersion, definition.kind, definition.metadata.name])).toEqual([
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'clusters.cluster.k8s.io'],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'machines.cluster.k8s.io'],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'machinesets.cluster.k8s.io'],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'machinedeployments.cluster.k8s.io'],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'machineclasses.cluster.k8s.io'],
    ]);
  });

  it.each(clusterApiKindNames)('%s: namespaced, in group cluster.k8s.io, served and stored as v1alpha1 with the kind schema', (kind) => {
    const definition = definitionOf(kind);
    expect(definition.spec.group).toBe('cluster.k8s.io');
    expect(definition.spec.scope).toBe('Namespaced');
    expect(definition.spec.names.kind).toBe(kind);
    expect(definition.spec.names.listKind).toBe(`${kind}List`);
    expect(definition.spec.names.singular).toBe(kind.toLowerCase());
    expect(definition.metadata.name).toBe(`${definition.spec.names.plural}.cluster.k8s.io`);
    expect(definition.spec.versions).toHaveLength(1);
    const [version] = definition.spec.versions;
    expect(version).toMatchObject({ name: 'v1alpha1', served: true, storage: true });
    expect(version?.schema.openAPIV3Schema).toEqual(kindJsonSchema(kind));
  });

  it('gives the kinds with a status a status subresource, so controllers write status without touching spec', () => {
    const withStatus = clusterApiKindNames.filter((kind) => definitionOf(kind).spec.versions[0]?.subresources?.['status'] !== undefined);
    expect(withStatus).toEqual(['Cluster', 'Machine', 'MachineSet', 'MachineDeployment']);
    expect(definitionOf('MachineClass').spec.versions[0]?.subresources).toBeUndefined();
  });

  it('gives MachineSet and MachineDeployment a scale subresource, so kubectl scale works on them', () => {
    for (const kind of ['MachineSet', 'MachineDeployment'] as const) {
      expect(definitionOf(kind).spec.versions[0]?.subresources?.['scale']).toEqual({
        specReplicasPath: '.spec.replicas',
        statusReplicasPath: '.status.replicas',
        labelSelectorPath: '.status.selector',
      });
    }
    for (const kind of ['Cluster', 'Machine', 'MachineClass'] as const) {
      expect(definitionOf(kind).spec.versions[0]?.subresources?.['scale']).toBeUndefined();
    }
  });

  it('points the scale subresource at fields the schemas have', () => {
    for (const kind of ['MachineSet', 'MachineDeployment'] as const) {
      const schema = kindJsonSchema(kind) as { properties: Record<string, { properties: Record<string, { type?: string }> }> };
      expect(schema.properties['spec']?.properties['replicas']?.type).toBe('integer');
      expect(schema.properties['status']?.properties['replicas']?.type).toBe('integer');
      expect(schema.properties['status']?.properties['selector']?.type).toBe('string');
    }
  });

  it('writes as multi-document YAML and reads back unchanged', () => {
    const definitions = buildCustomResourceDefinitions();
    const text = definitions.map((definition) => stringify(definition)).join('---\n');
    const readBack = text.split(/^---\n/m).map((document) => parse(document) as unknown);
    expect(readBack).toEqual(definitions);
  });

  it('builds a fresh object each time, so a caller editing one cannot change the next', () => {
    const first = definitionOf('Machine');
    first.spec.versions[0]!.served = false;
    (first.spec.versions[0]!.schema.openAPIV3Schema as { properties: Record<string, unknown> }).properties['spec'] = {};
    expect(definitionOf('Machine').spec.versions[0]).toMatchObject({ served: true });
    expect(kindJsonSchema('Machine')['properties']).toHaveProperty('spec.properties.providerSpec');
  });
});
