/** How an issue reads: formatManifestIssue, formatFieldPath, and how found values are described. */
import { describe, expect, it } from 'vitest';
import { formatFieldPath, formatManifestIssue, parseManifests } from '../index.js';

describe('formatManifestIssue', () => {
  const base = { source: 'machines.yaml', documentIndex: 2, path: 'spec.versions.kubelet', message: 'expected a Kubernetes version such as 1.13.2 or v1.13.2, got "1.13"' };

  it('names source, document, kind, name, field and line', () => {
    expect(formatManifestIssue({ ...base, kind: 'Machine', name: 'worker-1', line: 9 })).toBe(
      'machines.yaml doc 2 Machine "worker-1": spec.versions.kubelet: expected a Kubernetes version such as 1.13.2 or v1.13.2, got "1.13" (line 9)',
    );
  });

  it('leaves out what it does not know', () => {
    expect(formatManifestIssue({ ...base, kind: 'Machine' })).toBe(
      'machines.yaml doc 2 Machine: spec.versions.kubelet: expected a Kubernetes version such as 1.13.2 or v1.13.2, got "1.13"',
    );
    expect(formatManifestIssue({ ...base, name: 'worker-1' })).toBe(
      'machines.yaml doc 2: spec.versions.kubelet: expected a Kubernetes version such as 1.13.2 or v1.13.2, got "1.13"',
    );
    expect(formatManifestIssue({ source: 'x.yaml', documentIndex: 1, path: '', message: 'invalid YAML: oops' })).toBe('x.yaml doc 1: invalid YAML: oops');
  });
});

describe('formatFieldPath', () => {
  it('writes field paths the way Kubernetes does', () => {
    expect(formatFieldPath(['spec', 'template', 'spec', 'taints', 0, 'effect'])).toBe('spec.template.spec.taints[0].effect');
    expect(formatFieldPath(['metadata', 'labels', 'cluster.k8s.io/cluster-name'])).toBe('metadata.labels.cluster.k8s.io/cluster-name');
    expect(formatFieldPath([0, 'name'])).toBe('[0].name');
    expect(formatFieldPath([])).toBe('');
  });
});

describe('how found values are described in messages', () => {
  const kubeletVersion = (yamlValue: string): string | undefined =>
    parseManifests(
      `apiVersion: cluster.k8s.io/v1alpha1\nkind: Machine\nmetadata: {name: m}\nspec:\n  providerSpec: {value: {}}\n  versions: {kubelet: ${yamlValue}}\n`,
    ).issues[0]?.message;

  it.each([
    ['42', 'expected a string, got 42'],
    ['true', 'expected a string, got true'],
    ['null', 'expected a string, got null'],
    ['[1, 2]', 'expected a string, got a list'],
    ['[]', 'expected a string, got an empty list'],
    ['{major: 1}', 'expected a string, got a mapping'],
    ['"1.13"', 'expected a Kubernetes version such as 1.13.2 or v1.13.2, got "1.13"'],
    [
      `"${'9'.repeat(80)}"`,
      `expected a Kubernetes version such as 1.13.2 or v1.13.2, got "${'9'.repeat(57)}..."`,
    ],
  ])('%s reads as: %s', (yamlValue, expected) => {
    expect(kubeletVersion(yamlValue)).toBe(expected);
  });
});
