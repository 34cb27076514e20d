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
  customResourceSchema,
  kindJsonSchema,
  parseManifests,
  upgradeProviderConfig,
  type ClusterApiKind,
} from '../index.js';
import { createOpenApiSchemaValidator } from '../test-support/openapi-schema-validator.js';
import { structuralSchemaProblems } from '../test-support/structural-schema-problems.js';

interface CustomResourceDefinitionShape {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; listKind: string; plural: string; singular: string };
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: unknown };
      subresources?: Record<string, unknown>;
      additionalPrinterColumns?: { name: string; type: string; jsonPath: string; description: string; priority?: number }[];
    }[];
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

  it.each(clusterApiKindNames)('%s: namespaced, in group cluster.k8s.io, served and stored as v1alpha1 with the custom resource schema', (kind) => {
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
    expect(version?.schema.openAPIV3Schema).toEqual(customResourceSchema(kind));
    expect(structuralSchemaProblems(customResourceSchema(kind))).toEqual([]);
  });

  it('carries the approval annotation a protected *.k8s.io group needs, saying it is not a reviewed Kubernetes API', () => {
    for (const kind of clusterApiKindNames) {
      const value = definitionOf(kind).metadata.annotations?.['api-approved.kubernetes.io'];
      // The API server accepts a URL or a value starting with "unapproved"; anything else is refused.
      expect(value).toMatch(/^unapproved, \S/);
    }
  });

  it('shows Phase, ProviderID, Node and Age for Machines, and replica counts for the sets', () => {
    const columns = (kind: ClusterApiKind, wide = false) =>
      definitionOf(kind)
        .spec.versions[0]!.additionalPrinterColumns!.filter((column) => wide || (column.priority ?? 0) === 0)
        .map((column) => `${column.name}=${column.jsonPath}`);
    expect(columns('Machine')).toEqual(['Phase=.status.phase', 'ProviderID=.spec.providerID', 'Node=.status.nodeRef.name', 'Age=.metadata.creationTimestamp']);
    expect(columns('Machine', true)).toContain('Cluster=.metadata.labels.cluster\\.k8s\\.io/cluster-name');
    expect(columns('MachineSet')).toEqual([
      'Desired=.spec.replicas',
      'Current=.status.replicas',
      'Ready=.status.readyReplicas',
      'Available=.status.availableReplicas',
      'Age=.metadata.creationTimestamp',
    ]);
    expect(columns('MachineDeployment')).toContain('Updated=.status.updatedReplicas');
    expect(columns('Cluster')).toEqual([
      'Endpoint=.status.apiEndpoints[0].host',
      'Infrastructure=.status.infrastructureReady',
      'ControlPlane=.status.controlPlaneReady',
      'Age=.metadata.creationTimestamp',
    ]);
    expect(columns('MachineClass')).toEqual(['ProviderKind=.providerSpec.kind', 'Age=.metadata.creationTimestamp']);
    for (const kind of clusterApiKindNames) {
      for (const column of definitionOf(kind).spec.versions[0]!.additionalPrinterColumns!) expect(column.description.length).toBeGreaterThan(10);
    }
  });

  it('declares the 2018 providerConfig beside each providerSpec, deprecated, and accepts either name but not both', () => {
    const machine = customResourceSchema('Machine') as { properties: { spec: { properties: Record<string, { description?: string }>; required: string[] } } };
    expect(machine.properties.spec.properties['providerConfig']?.description).toMatch(/^Deprecated: /);
    expect(machine.properties.spec.required).not.toContain('providerSpec');
    const legacy = parseManifests(
      'apiVersion: cluster.k8s.io/v1alpha1\nkind: Machine\nmetadata: {name: m}\nspec: {providerConfig: {value: {a: 1}}, versions: {kubelet: 1.11.4}}\n',
    );
    expect(legacy.issues).toEqual([]);
    // What the server stores (providerConfig), upgraded as the controller reads it, is what parseManifests makes.
    const stored = { apiVersion: 'cluster.k8s.io/v1alpha1', kind: 'Machine', metadata: { name: 'm', namespace: 'default' }, spec: { providerConfig: { value: { a: 1 } }, versions: { kubelet: '1.11.4' } } };
    expect(createOpenApiSchemaValidator(customResourceSchema('Machine')).validate(stored)).toEqual({ valid: true, errors: [] });
    expect(upgradeProviderConfig(stored)).toEqual(legacy.machines[0]);
    const rules = (machine.properties.spec as unknown as { 'x-kubernetes-validations': { rule: string; fieldPath: string }[] })['x-kubernetes-validations'];
    expect(rules.map((rule) => [rule.fieldPath, rule.rule])).toEqual([
      ['.providerConfig', '!(has(self.providerSpec) && has(self.providerConfig))'],
      ['.providerSpec', 'has(self.providerSpec) || has(self.providerConfig)'],
    ]);
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

  it('leaves kindJsonSchema itself without providerConfig: only the CRD carries the old name', () => {
    expect(JSON.stringify(kindJsonSchema('Machine'))).not.toContain('providerConfig');
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
