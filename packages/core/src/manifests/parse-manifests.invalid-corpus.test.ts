/**
 * The invalid corpus: each malformed manifest under test-fixtures/invalid is
 * rejected with the exact message, field path and line a person needs to fix it,
 * and every problem of a file is reported in one pass.
 */
import { describe, expect, it } from 'vitest';
import { formatManifestIssue, ManifestValidationError, parseManifests, parseManifestTexts, type ProviderSpecSource } from '../index.js';
import { exampleAwsProvider, exampleProviders } from '../test-support/example-providers.js';
import { listFixtures, readFixture } from '../test-support/read-fixture.js';

interface InvalidCase {
  /** Providers whose schemas judge providerSpec values; none unless the case is about them. */
  providers?: readonly ProviderSpecSource[];
  /** Documents of the file that are fine and still load. */
  objects: number;
  /** Every issue, formatted by formatManifestIssue, in the order reported. */
  expected: string[];
}

const invalidCases: Record<string, InvalidCase> = {
  'all-problems-at-once.yaml': { objects: 1, expected: [
    'all-problems-at-once.yaml doc 1 Cluster "demo": spec.clusterNetwork.services.cidrBlocks[1]: expected a CIDR block such as 10.96.0.0/12, got "10.300.0.0/16" (line 10)',
    'all-problems-at-once.yaml doc 1 Cluster "demo": spec.clusterNetwork.serviceDomain: expected a string, got 42 (line 13)',
    'all-problems-at-once.yaml doc 2 Machine "demo-master": spec.versions.controlPlane: expected a Kubernetes version such as 1.13.2 or v1.13.2, got "v1.13" (line 26)',
    'all-problems-at-once.yaml doc 4 MachineDeployment "Demo-Workers": metadata.name: expected a lowercase DNS subdomain name (a-z, 0-9, "-" and ".", at most 253 characters), got "Demo-Workers" (line 46)',
    'all-problems-at-once.yaml doc 4 MachineDeployment "Demo-Workers": spec.replicas: expected a number, got "many" (line 48)',
    'all-problems-at-once.yaml doc 4 MachineDeployment "Demo-Workers": spec.selector: does not match spec.template.metadata.labels ({"set":"node"}); the MachineDeployment would never own the Machines it creates (line 50)',
  ]},
  'api-endpoint-port-out-of-range.yaml': { objects: 0, expected: [
    'api-endpoint-port-out-of-range.yaml doc 1 Cluster "demo": status.apiEndpoints[0].port: expected a value at most 65535, got 64430000 (line 10)',
  ]},
  'bad-address-type.yaml': { objects: 0, expected: [
    'bad-address-type.yaml doc 1 Machine "worker-0": status.addresses[0].type: expected "Hostname" or "ExternalIP" or "InternalIP" or "ExternalDNS" or "InternalDNS", got "PublicIP" (line 13)',
  ]},
  'bad-bootstrap-phase.yaml': { objects: 0, expected: [
    'bad-bootstrap-phase.yaml doc 1 Machine "worker-0": status.bootstrap.phase: expected "UserDataReceived" or "CertificatesObtained" or "KubeadmCompleted" or "AddonsApplied" or "KubeletStarted" or "NodeRegistered", got "Booting" (line 13)',
  ]},
  'bad-control-plane-version.yaml': { objects: 0, expected: [
    'bad-control-plane-version.yaml doc 1 Machine "master-0": spec.versions.controlPlane: expected a Kubernetes version such as 1.13.2 or v1.13.2, got "stable" (line 11)',
  ]},
  'bad-delete-policy.yaml': { objects: 0, expected: [
    'bad-delete-policy.yaml doc 1 MachineSet "pool-a": spec.deletePolicy: expected "Random" or "Newest" or "Oldest", got "Youngest" (line 7)',
  ]},
  'bad-kubelet-version.yaml': { objects: 0, expected: [
    'bad-kubelet-version.yaml doc 1 Machine "worker-0": spec.versions.kubelet: expected a Kubernetes version such as 1.13.2 or v1.13.2, got "1.13" (line 10)',
  ]},
  'bad-max-surge.yaml': { objects: 0, expected: [
    'bad-max-surge.yaml doc 1 MachineDeployment "workers": spec.strategy.rollingUpdate.maxSurge: expected a whole number or a percentage such as "25%", got "25 percent" (line 12)',
  ]},
  'bad-name.yaml': { objects: 0, expected: [
    'bad-name.yaml doc 1 Machine "Worker_1": metadata.name: expected a lowercase DNS subdomain name (a-z, 0-9, "-" and ".", at most 253 characters), got "Worker_1" (line 5)',
  ]},
  'bad-selector-operator.yaml': { objects: 0, expected: [
    'bad-selector-operator.yaml doc 1 MachineSet "pool-a": spec.selector.matchExpressions[0].operator: expected "In" or "NotIn" or "Exists" or "DoesNotExist", got "Equals" (line 10)',
  ]},
  'bad-strategy-type.yaml': { objects: 0, expected: [
    'bad-strategy-type.yaml doc 1 MachineDeployment "workers": spec.strategy.type: expected "RollingUpdate", got "Recreate" (line 11)',
  ]},
  'bad-taint-effect.yaml': { objects: 0, expected: [
    'bad-taint-effect.yaml doc 1 Machine "worker-0": spec.taints[0].effect: expected "NoSchedule" or "PreferNoSchedule" or "NoExecute", got "NoScheduled" (line 10)',
  ]},
  'bad-timestamp.yaml': { objects: 0, expected: [
    'bad-timestamp.yaml doc 1 Cluster "demo": metadata.creationTimestamp: expected an RFC 3339 timestamp such as 2018-11-02T10:00:00Z, got "last tuesday" (line 6)',
  ]},
  'cidr-empty-list.yaml': { objects: 0, expected: [
    'cidr-empty-list.yaml doc 1 Cluster "demo": spec.clusterNetwork.pods.cidrBlocks: expected at least 1 item, got an empty list (line 11)',
  ]},
  'cidr-not-an-address.yaml': { objects: 0, expected: [
    'cidr-not-an-address.yaml doc 1 Cluster "demo": spec.clusterNetwork.pods.cidrBlocks[0]: expected a CIDR block such as 10.96.0.0/12, got "192.168.0.0.0/16" (line 11)',
  ]},
  'cidr-prefix-too-long-ipv4.yaml': { objects: 0, expected: [
    'cidr-prefix-too-long-ipv4.yaml doc 1 Cluster "demo": spec.clusterNetwork.services.cidrBlocks[0]: expected a CIDR block such as 10.96.0.0/12, got "10.96.0.0/33" (line 9)',
  ]},
  'cidr-prefix-too-long-ipv6.yaml': { objects: 0, expected: [
    'cidr-prefix-too-long-ipv6.yaml doc 1 Cluster "demo": spec.clusterNetwork.pods.cidrBlocks[0]: expected a CIDR block such as 10.96.0.0/12, got "fd00:10:244::/129" (line 11)',
  ]},
  'cidr-without-prefix.yaml': { objects: 0, expected: [
    'cidr-without-prefix.yaml doc 1 Cluster "demo": spec.clusterNetwork.services.cidrBlocks[0]: expected a CIDR block such as 10.96.0.0/12, got "10.96.0.0" (line 9)',
  ]},
  'cluster-provider-spec-fails.yaml': { providers: exampleProviders, objects: 0, expected: [
    'cluster-provider-spec-fails.yaml doc 1 Cluster "demo": spec.providerSpec.value.region: required field is missing (expected a string) (line 8)',
  ]},
  'document-is-a-list.yaml': { objects: 0, expected: [
    'document-is-a-list.yaml doc 1: expected a mapping with apiVersion, kind, metadata and spec, got a list',
  ]},
  'document-is-a-scalar.yaml': { objects: 1, expected: [
    'document-is-a-scalar.yaml doc 2: expected a mapping with apiVersion, kind, metadata and spec, got "see machines.yaml for the workers"',
  ]},
  'duplicate-names.yaml': { objects: 1, expected: [
    'duplicate-names.yaml doc 2 Machine "worker-0": metadata.name: duplicate name: duplicate-names.yaml doc 1 already declares Machine "worker-0" in namespace "default" (line 15)',
  ]},
  'empty-name.yaml': { objects: 0, expected: [
    'empty-name.yaml doc 1 Cluster: metadata.name: expected a lowercase DNS subdomain name (a-z, 0-9, "-" and ".", at most 253 characters), got "" (line 5)',
  ]},
  'empty-selector.yaml': { objects: 0, expected: [
    'empty-selector.yaml doc 1 MachineSet "pool-a": spec.selector: expected a non-empty selector (matchLabels or matchExpressions); an empty one would select every Machine (line 7)',
  ]},
  'fractional-max-unavailable.yaml': { objects: 0, expected: [
    'fractional-max-unavailable.yaml doc 1 MachineDeployment "workers": spec.strategy.rollingUpdate.maxUnavailable: expected a whole number or a percentage such as "25%", got 1.5 (line 12)',
  ]},
  'invalid-yaml-alias-bomb.yaml': { objects: 0, expected: [
    'invalid-yaml-alias-bomb.yaml doc 1: invalid YAML: Excessive alias count indicates a resource exhaustion attack',
  ]},
  'invalid-yaml-duplicate-key.yaml': { objects: 0, expected: [
    'invalid-yaml-duplicate-key.yaml doc 1: invalid YAML: Map keys must be unique at line 11, column 3 (line 11)',
  ]},
  'invalid-yaml-unclosed-flow.yaml': { objects: 0, expected: [
    'invalid-yaml-unclosed-flow.yaml doc 1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 10, column 1 (line 10)',
  ]},
  'invalid-yaml-unresolved-alias.yaml': { objects: 0, expected: [
    'invalid-yaml-unresolved-alias.yaml doc 1: invalid YAML: Unresolved alias (the anchor must be set before the alias): common-labels (line 6)',
  ]},
  'kind-not-a-string.yaml': { objects: 0, expected: [
    'kind-not-a-string.yaml doc 1: kind: expected one of Cluster, Machine, MachineSet, MachineDeployment, MachineClass, got a list (line 3)',
  ]},
  'label-value-not-a-string.yaml': { objects: 0, expected: [
    'label-value-not-a-string.yaml doc 1 Machine "worker-0": metadata.labels.kubernetes-version: expected a string, got 1.13 (line 7)',
  ]},
  'machine-class-fails-provider-schema.yaml': { providers: exampleProviders, objects: 0, expected: [
    'machine-class-fails-provider-schema.yaml doc 1 MachineClass "gce-tiny": providerSpec.disks[0].initializeParams.diskSizeGb: expected a value at least 10, got 5 (line 14)',
    'machine-class-fails-provider-schema.yaml doc 1 MachineClass "gce-tiny": providerSpec.disks[0].initializeParams.diskType: expected "pd-standard" or "pd-ssd", got "pd-fast" (line 15)',
  ]},
  'machine-class-missing-provider-spec.yaml': { objects: 0, expected: [
    'machine-class-missing-provider-spec.yaml doc 1 MachineClass "small": providerSpec: required field is missing (expected a mapping) (line 2)',
  ]},
  'machine-class-reference-without-name.yaml': { objects: 0, expected: [
    'machine-class-reference-without-name.yaml doc 1 Machine "worker-0": spec.providerSpec.valueFrom.machineClass.name: required field is missing (expected a string) (line 9)',
  ]},
  'machine-missing-kubelet-version.yaml': { objects: 0, expected: [
    'machine-missing-kubelet-version.yaml doc 1 Machine "master-0": spec.versions.kubelet: required field is missing (expected a string) (line 9)',
  ]},
  'machine-missing-provider-spec.yaml': { objects: 0, expected: [
    'machine-missing-provider-spec.yaml doc 1 Machine "worker-0": spec.providerSpec: required field is missing (expected a mapping) (line 6)',
  ]},
  'machine-missing-spec.yaml': { objects: 0, expected: [
    'machine-missing-spec.yaml doc 1 Machine "worker-0": spec: required field is missing (expected a mapping) (line 2)',
  ]},
  'machine-missing-versions.yaml': { objects: 0, expected: [
    'machine-missing-versions.yaml doc 1 Machine "worker-0": spec.versions: required field is missing (expected a mapping) (line 6)',
  ]},
  'machineset-missing-template.yaml': { objects: 0, expected: [
    'machineset-missing-template.yaml doc 1 MachineSet "pool-a": spec.template: required field is missing (expected a mapping) (line 6)',
  ]},
  'metadata-not-a-mapping.yaml': { objects: 0, expected: [
    'metadata-not-a-mapping.yaml doc 1 Cluster: metadata: expected a mapping with at least a name, got "demo" (line 4)',
  ]},
  'missing-api-version.yaml': { objects: 0, expected: [
    'missing-api-version.yaml doc 1 Cluster "demo": apiVersion: expected "cluster.k8s.io/v1alpha1", got nothing (line 2)',
  ]},
  'missing-kind.yaml': { objects: 0, expected: [
    'missing-kind.yaml doc 1: kind: required field is missing (expected one of Cluster, Machine, MachineSet, MachineDeployment, MachineClass) (line 2)',
  ]},
  'missing-name.yaml': { objects: 0, expected: [
    'missing-name.yaml doc 1 Cluster: metadata.name: required field is missing (expected a lowercase DNS subdomain name) (line 4)',
  ]},
  'negative-replicas.yaml': { objects: 0, expected: [
    'negative-replicas.yaml doc 1 MachineDeployment "workers": spec.replicas: expected a value at least 0, got -1 (line 7)',
  ]},
  'owner-reference-without-uid.yaml': { objects: 0, expected: [
    'owner-reference-without-uid.yaml doc 1 Machine "pool-a-x7k2p": metadata.ownerReferences[0].uid: required field is missing (expected a string) (line 7)',
  ]},
  'provider-spec-and-provider-config.yaml': { objects: 0, expected: [
    'provider-spec-and-provider-config.yaml doc 1 Machine "worker-0": spec.providerConfig: providerConfig is the older name of providerSpec; give only one of them (line 9)',
  ]},
  'provider-spec-empty.yaml': { objects: 0, expected: [
    'provider-spec-empty.yaml doc 1 Machine "worker-0": spec.providerSpec: expected exactly one of value or valueFrom.machineClass (line 7)',
  ]},
  'provider-spec-in-template-fails.yaml': { providers: exampleProviders, objects: 0, expected: [
    'provider-spec-in-template-fails.yaml doc 1 MachineDeployment "workers": spec.template.spec.providerSpec.value.ami.id: expected an AMI id such as ami-0a313d6098716f372, got "ubuntu-18.04" (line 21)',
    'provider-spec-in-template-fails.yaml doc 1 MachineDeployment "workers": spec.template.spec.providerSpec.value.subnetId: unknown field "subnetId" (line 22)',
  ]},
  'provider-spec-missing-api-version.yaml': { providers: exampleProviders, objects: 0, expected: [
    'provider-spec-missing-api-version.yaml doc 1 Machine "worker-0": spec.providerSpec.value.apiVersion: expected an apiVersion naming the provider (one of awsprovider (aws), gceproviderconfig (gcp), openstackproviderconfig (openstack)), got nothing (line 8)',
  ]},
  'provider-spec-unknown-group.yaml': { providers: exampleProviders, objects: 0, expected: [
    'provider-spec-unknown-group.yaml doc 1 Machine "worker-0": spec.providerSpec.value.apiVersion: unknown provider API group "azureprovider"; known: awsprovider (aws), gceproviderconfig (gcp), openstackproviderconfig (openstack) (line 9)',
  ]},
  'provider-spec-value-and-value-from.yaml': { objects: 0, expected: [
    'provider-spec-value-and-value-from.yaml doc 1 Machine "worker-0": spec.providerSpec: expected exactly one of value or valueFrom.machineClass (line 7)',
  ]},
  'provider-spec-value-not-a-mapping.yaml': { objects: 0, expected: [
    'provider-spec-value-not-a-mapping.yaml doc 1 Machine "worker-0": spec.providerSpec.value: expected a mapping, got a list (line 8)',
  ]},
  'provider-spec-wrong-type.yaml': { providers: exampleProviders, objects: 0, expected: [
    'provider-spec-wrong-type.yaml doc 1 Machine "worker-1": spec.providerSpec.value.instanceType: expected a string, got 42 (line 11)',
  ]},
  'replicas-as-string.yaml': { objects: 0, expected: [
    'replicas-as-string.yaml doc 1 MachineSet "pool-a": spec.replicas: expected a number, got "3" (line 7)',
  ]},
  'selector-does-not-match-template.yaml': { objects: 0, expected: [
    'selector-does-not-match-template.yaml doc 1 MachineSet "pool-a": spec.selector: does not match spec.template.metadata.labels ({"set":"pool-b"}); the MachineSet would never own the Machines it creates (line 8)',
  ]},
  'selector-expression-excludes-template.yaml': { objects: 0, expected: [
    'selector-expression-excludes-template.yaml doc 1 MachineDeployment "workers": spec.selector: does not match spec.template.metadata.labels ({"tier":"edge"}); the MachineDeployment would never own the Machines it creates (line 7)',
  ]},
  'taint-without-key.yaml': { objects: 0, expected: [
    'taint-without-key.yaml doc 1 Machine "worker-0": spec.taints[0].key: expected at least 1 character, got "" (line 8)',
  ]},
  'unknown-field-in-provider-spec.yaml': { objects: 0, expected: [
    'unknown-field-in-provider-spec.yaml doc 1 Machine "worker-0": spec.providerSpec.valueform: unknown field "valueform" (line 8)',
    'unknown-field-in-provider-spec.yaml doc 1 Machine "worker-0": spec.providerSpec: expected exactly one of value or valueFrom.machineClass (line 7)',
  ]},
  'unknown-field-typo.yaml': { objects: 0, expected: [
    'unknown-field-typo.yaml doc 1 Machine "worker-0": spec.versions: required field is missing (expected a mapping) (line 6)',
    'unknown-field-typo.yaml doc 1 Machine "worker-0": spec.version: unknown field "version" (line 9)',
  ]},
  'unknown-kind.yaml': { objects: 0, expected: [
    'unknown-kind.yaml doc 1 MachinePool "pool-a": kind: unknown kind "MachinePool"; expected one of Cluster, Machine, MachineSet, MachineDeployment, MachineClass (line 3)',
  ]},
  'unknown-top-level-field.yaml': { objects: 0, expected: [
    'unknown-top-level-field.yaml doc 1 Cluster "demo": spec: required field is missing (expected a mapping) (line 2)',
    'unknown-top-level-field.yaml doc 1 Cluster "demo": Spec: unknown field "Spec" (line 6)',
  ]},
  'wrong-api-version.yaml': { objects: 0, expected: [
    'wrong-api-version.yaml doc 1 Cluster "demo": apiVersion: expected "cluster.k8s.io/v1alpha1", got "cluster.x-k8s.io/v1alpha2" (line 2)',
  ]},
  'zero-progress-deadline.yaml': { objects: 0, expected: [
    'zero-progress-deadline.yaml doc 1 MachineDeployment "workers": spec.progressDeadlineSeconds: expected a value at least 1, got 0 (line 7)',
  ]},
  // Kubernetes' rules for names, labels and annotations, and list documents (kind: List).
  'label-value-too-long.yaml': { objects: 0, expected: [
    'label-value-too-long.yaml doc 1 Machine "worker-0": metadata.labels: label "description": value "a-label-value-of-72-characters-is-nine-more-than-kubernet..." is refused: it is 72 characters long; a label value is at most 63 characters of a-z, A-Z, 0-9, "-", "_" and ".", starting and ending with a letter or digit, or empty (line 7)',
  ]},
  'label-key-invalid.yaml': { objects: 0, expected: [
    'label-key-invalid.yaml doc 1 Cluster "demo": metadata.labels: label key "bad key!" is refused: its name part has a character not allowed, or does not start and end with a letter or digit; a label key is a name of at most 63 characters of a-z, A-Z, 0-9, "-", "_" and ".", starting and ending with a letter or digit, optionally after a lowercase DNS subdomain prefix and "/" (such as example.com/tier) (line 7)',
  ]},
  'label-key-prefix-invalid.yaml': { objects: 0, expected: [
    'label-key-prefix-invalid.yaml doc 1 Machine "worker-0": metadata.labels: label key "Cluster.K8s.io/cluster-name" is refused: its prefix is not a lowercase DNS subdomain; a label key is a name of at most 63 characters of a-z, A-Z, 0-9, "-", "_" and ".", starting and ending with a letter or digit, optionally after a lowercase DNS subdomain prefix and "/" (such as example.com/tier) (line 6)',
  ]},
  'label-value-bad-characters.yaml': { objects: 0, expected: [
    'label-value-bad-characters.yaml doc 1 Machine "worker-0": metadata.labels: label "owner": value "team a/platform" is refused: it has a character not allowed, or does not start and end with a letter or digit; a label value is at most 63 characters of a-z, A-Z, 0-9, "-", "_" and ".", starting and ending with a letter or digit, or empty (line 6)',
  ]},
  'annotation-key-invalid.yaml': { objects: 0, expected: [
    'annotation-key-invalid.yaml doc 1 Cluster "demo": metadata.annotations: annotation key "owner team" is refused: its name part has a character not allowed, or does not start and end with a letter or digit; an annotation key is a name of at most 63 characters of a-z, A-Z, 0-9, "-", "_" and ".", starting and ending with a letter or digit, optionally after a lowercase DNS subdomain prefix and "/" (such as example.com/tier) (any case) (line 7)',
  ]},
  'bad-generate-name.yaml': { objects: 0, expected: [
    'bad-generate-name.yaml doc 1 Machine: metadata.generateName: expected the start of a lowercase DNS subdomain name (a-z, 0-9, "-" and ".", at most 253 characters; it may end in "-"), got "Pool_A-" (line 4)',
  ]},
  'template-label-key-invalid.yaml': { objects: 0, expected: [
    'template-label-key-invalid.yaml doc 1 MachineSet "pool-a": spec.template.metadata.labels: label key "node role" is refused: its name part has a character not allowed, or does not start and end with a letter or digit; a label key is a name of at most 63 characters of a-z, A-Z, 0-9, "-", "_" and ".", starting and ending with a letter or digit, optionally after a lowercase DNS subdomain prefix and "/" (such as example.com/tier) (line 14)',
  ]},
  'template-label-value-too-long.yaml': { objects: 0, expected: [
    'template-label-value-too-long.yaml doc 1 MachineDeployment "workers": spec.template.metadata.labels: label "purpose": value "batch-workers-for-the-nightly-reports-of-the-finance-depa..." is refused: it is 68 characters long; a label value is at most 63 characters of a-z, A-Z, 0-9, "-", "_" and ".", starting and ending with a letter or digit, or empty (line 13)',
  ]},
  'list-with-invalid-item.yaml': { objects: 1, expected: [
    'list-with-invalid-item.yaml doc 1 items[1] Machine "worker-0": spec.versions.kubelet: expected a Kubernetes version such as 1.13.2 or v1.13.2, got "1.13" (line 18)',
  ]},
  'list-items-not-a-list.yaml': { objects: 0, expected: [
    'list-items-not-a-list.yaml doc 1: items: expected a list of objects, got a mapping (line 3)',
  ]},
  'namespace-with-a-dot.yaml': { objects: 0, expected: [
    'namespace-with-a-dot.yaml doc 1 Cluster "demo": metadata.namespace: expected a lowercase DNS label (a-z, 0-9 and "-", at most 63 characters, no "."), got "team.a" (line 5)',
  ]},
  'bad-namespace.yaml': { objects: 0, expected: [
    'bad-namespace.yaml doc 1 Cluster "demo": metadata.namespace: expected a lowercase DNS label (a-z, 0-9 and "-", at most 63 characters, no "."), got "Team A" (line 6)',
  ]},
};

describe('the invalid v1alpha1 corpus', () => {
  it('has at least 40 malformed manifests, every one of them described below', () => {
    const files = listFixtures('invalid').filter((file) => !file.startsWith('duplicate-across-files-'));
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files).toEqual(Object.keys(invalidCases).sort());
  });

  it.each(Object.entries(invalidCases))('%s is rejected with the right messages, field paths and lines', (file, testCase) => {
    const { text, source } = readFixture('invalid', file);
    const parsed = parseManifests(text, { source, providers: testCase.providers ?? [] });
    expect(parsed.issues.map(formatManifestIssue)).toEqual(testCase.expected);
    expect(parsed.objects).toHaveLength(testCase.objects);
  });

  it('reports a duplicate across files when they are loaded as one set, naming where the first one is', () => {
    const parsed = parseManifestTexts([
      readFixture('invalid', 'duplicate-across-files-cluster.yaml'),
      readFixture('invalid', 'duplicate-across-files-machines.yaml'),
    ]);
    expect(parsed.issues.map(formatManifestIssue)).toEqual([
      'duplicate-across-files-machines.yaml doc 2 Machine "demo-master": metadata.name: duplicate name: duplicate-across-files-cluster.yaml doc 2 already declares Machine "demo-master" in namespace "default" (line 15)',
    ]);
    expect(parsed.machines.map((machine) => [machine.metadata.name, machine.spec.versions.controlPlane])).toEqual([
      ['demo-master', '1.13.2'],
      ['demo-worker', undefined],
    ]);
  });

  it('accepts each of those files on its own, so the duplicate is a property of the set', () => {
    for (const file of ['duplicate-across-files-cluster.yaml', 'duplicate-across-files-machines.yaml']) {
      const { text, source } = readFixture('invalid', file);
      expect(parseManifests(text, { source }).issues).toEqual([]);
    }
  });
});

describe('issues as data', () => {
  it('carry source, document, kind, name, field path and line separately, for tools that do not read prose', () => {
    const { text, source } = readFixture('invalid', 'provider-spec-wrong-type.yaml');
    const [issue, ...rest] = parseManifests(text, { source: `machines/${source}`, providers: [exampleAwsProvider] }).issues;
    expect(rest).toEqual([]);
    expect(issue).toEqual({
      source: 'machines/provider-spec-wrong-type.yaml',
      documentIndex: 1,
      kind: 'Machine',
      name: 'worker-1',
      path: 'spec.providerSpec.value.instanceType',
      message: 'expected a string, got 42',
      line: 11,
    });
  });

  it('read as the issue asks, with the document index counting from 1 across a multi-document file', () => {
    const { text } = readFixture('invalid', 'provider-spec-wrong-type.yaml');
    const header = 'apiVersion: cluster.k8s.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: demo\nspec: {}\n---\n';
    const parsed = parseManifests(header + text, { source: 'machines.yaml', providers: exampleProviders });
    expect(parsed.issues.map((issue) => formatManifestIssue({ ...issue, line: undefined }))).toEqual([
      'machines.yaml doc 2 Machine "worker-1": spec.providerSpec.value.instanceType: expected a string, got 42',
    ]);
    expect(parsed.clusters.map((cluster) => cluster.metadata.name)).toEqual(['demo']);
  });

  it('judge providerSpec with the only provider loaded even when the value names no apiVersion', () => {
    const { text, source } = readFixture('invalid', 'provider-spec-missing-api-version.yaml');
    const parsed = parseManifests(text, { source, providers: [exampleAwsProvider] });
    expect(parsed.issues.map(formatManifestIssue)).toEqual([
      'provider-spec-missing-api-version.yaml doc 1 Machine "worker-0": spec.providerSpec.value.apiVersion: required field is missing (expected "awsprovider/v1alpha1") (line 8)',
      'provider-spec-missing-api-version.yaml doc 1 Machine "worker-0": spec.providerSpec.value.kind: required field is missing (expected "AWSMachineProviderSpec") (line 8)',
    ]);
  });

  it('leave providerSpec alone when no provider is loaded', () => {
    const { text, source } = readFixture('invalid', 'provider-spec-wrong-type.yaml');
    expect(parseManifests(text, { source }).issues).toEqual([]);
  });

  it('gather into one ManifestValidationError that lists every issue', () => {
    const { text, source } = readFixture('invalid', 'all-problems-at-once.yaml');
    const error = new ManifestValidationError(parseManifests(text, { source }).issues);
    expect(ManifestValidationError.isInstance(error)).toBe(true);
    expect(error.issues).toHaveLength(6);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('6 problems in the manifests:');
    expect(lines.slice(1)).toEqual(invalidCases['all-problems-at-once.yaml']?.expected.map((expected) => `  ${expected}`));
  });
});
