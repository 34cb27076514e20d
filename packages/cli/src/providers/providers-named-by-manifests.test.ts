import { describe, expect, it } from 'vitest';
import { providersNamedByManifests } from './providers-named-by-manifests.js';

const machine = (apiVersion: string) =>
  `apiVersion: cluster.k8s.io/v1alpha1\nkind: Machine\nmetadata: { name: m }\nspec:\n  providerSpec:\n    value: { apiVersion: ${apiVersion} }\n`;
const deployment = (apiVersion: string) =>
  `kind: MachineDeployment\nspec:\n  template:\n    spec:\n      providerSpec:\n        value: { apiVersion: ${apiVersion} }\n`;

describe('providersNamedByManifests', () => {
  it('names each provider once, from Machines and from templates', () => {
    expect(providersNamedByManifests([{ text: `${machine('awsprovider/v1alpha1')}---\n${deployment('awsprovider/v1alpha1')}`, source: 'a' }])).toEqual(['aws']);
    expect(providersNamedByManifests([{ text: machine('azureprovider/v1alpha1'), source: 'a' }, { text: deployment('gceprovider/v1'), source: 'b' }])).toEqual(['azure', 'gcp']);
  });

  it('asks for every provider when a group is unknown or none is named', () => {
    expect(providersNamedByManifests([{ text: machine('hetznerprovider/v1alpha1'), source: 'a' }])).toBeUndefined();
    expect(providersNamedByManifests([{ text: 'kind: Cluster\nspec: {}\n', source: 'a' }])).toBeUndefined();
  });
});
