/**
 * The valid corpus: v1alpha1 manifests in the style of the 2018 provider examples
 * load as they are, with their kinds, names, defaults, control-plane machines and
 * cluster-name labels read the way controllers will read them.
 */
import { describe, expect, it } from 'vitest';
import {
  clusterNameOf,
  formatManifestIssue,
  isControlPlaneMachine,
  machineRole,
  parseManifests,
  parseManifestTexts,
  type ClusterApiObject,
  type ParsedManifests,
} from '../index.js';
import { exampleProviders } from '../test-support/example-providers.js';
import { listFixtures, readFixture } from '../test-support/read-fixture.js';

function parseValidFixture(relativePath: string): ParsedManifests {
  const { text, source } = readFixture('valid', relativePath);
  return parseManifests(text, { source, providers: exampleProviders });
}

function identities(objects: readonly ClusterApiObject[]): string[] {
  return objects.map((object) => `${object.kind} ${object.metadata.namespace}/${object.metadata.name ?? object.metadata.generateName}`);
}

describe('the valid v1alpha1 corpus', () => {
  const files = listFixtures('valid');

  it('holds the files this suite describes', () => {
    expect(files).toEqual([
      'aws/cluster.yaml',
      'aws/machinedeployment.yaml',
      'aws/machines.yaml',
      'aws/machineset.yaml',
      'clusterctl-2018/machines.yaml',
      'gcp/cluster.yaml',
      'gcp/machineclass.yaml',
      'list/kind-list.yaml',
      'minimal/cluster-and-machine.yaml',
      'openstack/legacy-provider-config.yaml',
    ]);
  });

  it.each(files)('%s loads without an issue, judged by the example providers too', (file) => {
    const parsed = parseValidFixture(file);
    expect(parsed.issues).toEqual([]);
    expect(parsed.objects.length).toBeGreaterThan(0);
  });

  it('loads every file as one set, with names unique across files and each kind in its own list', () => {
    const parsed = parseManifestTexts(
      files.map((file) => readFixture('valid', file)),
      { providers: exampleProviders },
    );
    expect(parsed.issues).toEqual([]);
    expect(identities(parsed.objects)).toEqual([
      'Cluster team-a/aws-demo',
      'MachineDeployment team-a/aws-demo-workers',
      'Machine team-a/aws-demo-controlplane-0',
      'Machine team-a/aws-demo-worker-0',
      'Machine team-a/aws-demo-worker-1',
      'MachineSet team-a/aws-demo-pool-a',
      'Machine default/gce-controlplane-',
      'Machine default/gce-node-',
      'Cluster default/gce-demo',
      'MachineClass default/gce-n1-standard-2',
      'Machine default/gce-demo-master',
      'MachineDeployment default/gce-demo-nodes',
      'Cluster default/listed',
      'Machine default/listed-master',
      'Cluster default/tiny',
      'Machine default/tiny-worker-',
      'Machine default/tiny-worker-',
      'Cluster default/openstack-legacy',
      'Machine default/openstack-master',
      'MachineSet default/openstack-nodes',
    ]);
    expect(parsed.clusters.map((cluster) => cluster.metadata.name)).toEqual(['aws-demo', 'gce-demo', 'listed', 'tiny', 'openstack-legacy']);
    expect(parsed.machines).toHaveLength(10);
    expect(parsed.machineSets.map((set) => set.metadata.name)).toEqual(['aws-demo-pool-a', 'openstack-nodes']);
    expect(parsed.machineDeployments.map((deployment) => deployment.metadata.name)).toEqual(['aws-demo-workers', 'gce-demo-nodes']);
    expect(parsed.machineClasses.map((machineClass) => machineClass.metadata.name)).toEqual(['gce-n1-standard-2']);
  });
});

describe('aws fixtures', () => {
  it('keeps the Cluster as written: networking, namespace, labels and the opaque provider settings', () => {
    const [cluster] = parseValidFixture('aws/cluster.yaml').clusters;
    expect(cluster).toEqual({
      apiVersion: 'cluster.k8s.io/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'aws-demo', namespace: 'team-a', labels: { environment: 'staging' } },
      spec: {
        clusterNetwork: {
          services: { cidrBlocks: ['10.96.0.0/12'] },
          pods: { cidrBlocks: ['192.168.0.0/16'] },
          serviceDomain: 'cluster.local',
        },
        providerSpec: {
          value: { apiVersion: 'awsprovider/v1alpha1', kind: 'AWSClusterProviderSpec', region: 'us-east-1', sshKeyName: 'default' },
        },
      },
    });
  });

  it('recognises the control plane by spec.versions.controlPlane and ties every machine to its cluster by label', () => {
    const parsed = parseValidFixture('aws/machines.yaml');
    expect(parsed.machines.map((machine) => [machine.metadata.name, machineRole(machine), clusterNameOf(machine)])).toEqual([
      ['aws-demo-controlplane-0', 'control-plane', 'aws-demo'],
      ['aws-demo-worker-0', 'worker', 'aws-demo'],
      ['aws-demo-worker-1', 'worker', 'aws-demo'],
    ]);
    const [controlPlane, worker] = parsed.machines;
    expect(controlPlane?.spec.versions).toEqual({ kubelet: 'v1.13.2', controlPlane: 'v1.13.2' });
    expect(worker?.spec.taints).toEqual([{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }]);
    expect(worker?.spec.providerSpec.value?.['additionalTags']).toEqual({ team: 'a' });
  });

  it('reports nothing as defaulted when a Machine spells everything out', () => {
    expect(parseValidFixture('aws/machines.yaml').defaults).toEqual([]);
  });

  it('defaults only the MachineSet fields left out, and says so', () => {
    const parsed = parseValidFixture('aws/machineset.yaml');
    const [machineSet] = parsed.machineSets;
    expect(machineSet?.spec.replicas).toBe(3);
    expect(machineSet?.spec.deletePolicy).toBe('Oldest');
    expect(machineSet?.spec.minReadySeconds).toBe(0);
    expect(clusterNameOf(machineSet!)).toBe('aws-demo');
    expect(parsed.defaults).toEqual([
      { source: 'aws/machineset.yaml', documentIndex: 1, kind: 'MachineSet', name: 'aws-demo-pool-a', path: 'spec.minReadySeconds', value: 0 },
    ]);
  });

  it('fills in the MachineDeployment strategy and rollout settings it leaves out, and lists each default', () => {
    const parsed = parseValidFixture('aws/machinedeployment.yaml');
    const [deployment] = parsed.machineDeployments;
    expect(deployment?.spec).toMatchObject({
      replicas: 2,
      minReadySeconds: 30,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      deletePolicy: 'Random',
      revisionHistoryLimit: 1,
      paused: false,
      progressDeadlineSeconds: 600,
    });
    expect(parsed.defaults.map(({ path, value }) => [path, value])).toEqual([
      ['spec.strategy.rollingUpdate.maxUnavailable', 0],
      ['spec.deletePolicy', 'Random'],
      ['spec.revisionHistoryLimit', 1],
      ['spec.paused', false],
      ['spec.progressDeadlineSeconds', 600],
    ]);
    expect(new Set(parsed.defaults.map((applied) => `${applied.source} doc ${applied.documentIndex} ${applied.kind} ${applied.name}`))).toEqual(
      new Set(['aws/machinedeployment.yaml doc 1 MachineDeployment aws-demo-workers']),
    );
  });
});

describe('gcp fixtures', () => {
  it('applies the default cluster network and namespace to a Cluster that leaves them out', () => {
    const parsed = parseValidFixture('gcp/cluster.yaml');
    const [cluster] = parsed.clusters;
    const defaultNetwork = { services: { cidrBlocks: ['10.96.0.0/12'] }, pods: { cidrBlocks: ['192.168.0.0/16'] }, serviceDomain: 'cluster.local' };
    expect(cluster?.metadata.namespace).toBe('default');
    expect(cluster?.spec.clusterNetwork).toEqual(defaultNetwork);
    expect(parsed.defaults.map(({ path, value }) => [path, value])).toEqual([
      ['metadata.namespace', 'default'],
      ['spec.clusterNetwork', defaultNetwork],
    ]);
  });

  it('loads a MachineClass and the Machine and MachineDeployment that reference it through valueFrom.machineClass', () => {
    const parsed = parseValidFixture('gcp/machineclass.yaml');
    const [machineClass] = parsed.machineClasses;
    const [master] = parsed.machines;
    const [deployment] = parsed.machineDeployments;
    expect(machineClass?.providerSpec).toMatchObject({ kind: 'GCEMachineProviderConfig', machineType: 'n1-standard-2', zone: 'us-central1-f' });
    expect(master?.spec.providerSpec).toEqual({ valueFrom: { machineClass: { name: 'gce-n1-standard-2', provider: 'google' } } });
    expect(isControlPlaneMachine(master!)).toBe(true);
    expect(deployment?.spec.template.spec.providerSpec).toEqual({ valueFrom: { machineClass: { name: 'gce-n1-standard-2' } } });
    expect(deployment?.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '10%' } });
    expect(deployment?.spec.revisionHistoryLimit).toBe(5);
    expect(deployment?.spec.progressDeadlineSeconds).toBe(900);
    expect(parsed.defaults.filter((applied) => applied.kind === 'MachineDeployment').map(({ path }) => path)).toEqual([
      'metadata.namespace',
      'spec.strategy.type',
      'spec.deletePolicy',
      'spec.minReadySeconds',
      'spec.paused',
    ]);
  });
});

describe('the legacy providerConfig fixture', () => {
  it('reads providerConfig as providerSpec on the Cluster, the Machine and the MachineSet template', () => {
    const parsed = parseValidFixture('openstack/legacy-provider-config.yaml');
    const [cluster] = parsed.clusters;
    const [master] = parsed.machines;
    const [nodes] = parsed.machineSets;
    expect(cluster?.spec.providerSpec?.value).toEqual({ apiVersion: 'openstackproviderconfig/v1alpha1', kind: 'OpenstackProviderSpec' });
    expect(master?.spec.providerSpec.value).toMatchObject({ flavor: 'm1.medium', floatingIP: '172.24.4.11' });
    expect(nodes?.spec.template.spec.providerSpec.value).toMatchObject({ flavor: 'm1.small' });
    for (const object of [cluster, master, nodes]) expect(JSON.stringify(object)).not.toContain('providerConfig');
  });

  it('does not mistake the renamed providerConfig for a default', () => {
    const parsed = parseValidFixture('openstack/legacy-provider-config.yaml');
    expect(parsed.defaults.map(({ documentIndex, path }) => `${documentIndex} ${path}`)).toEqual([
      '1 metadata.namespace',
      '2 metadata.namespace',
      '3 metadata.namespace',
      '3 spec.minReadySeconds',
      '3 spec.deletePolicy',
    ]);
  });

  it('keeps an IPv6 service range and the selector operators Exists and DoesNotExist', () => {
    const parsed = parseValidFixture('openstack/legacy-provider-config.yaml');
    expect(parsed.clusters[0]?.spec.clusterNetwork.services.cidrBlocks).toEqual(['10.96.0.0/12', 'fd00:10:96::/112']);
    expect(parsed.machineSets[0]?.spec.selector.matchExpressions?.map((requirement) => requirement.operator)).toEqual(['Exists', 'DoesNotExist']);
    expect(machineRole(parsed.machines[0]!)).toBe('control-plane');
  });
});

describe('list documents', () => {
  it('loads a 2018 clusterctl machines.yaml: objects under a bare items key, providerConfig read as providerSpec', () => {
    const parsed = parseValidFixture('clusterctl-2018/machines.yaml');
    expect(parsed.issues).toEqual([]);
    expect(parsed.machines.map((machine) => [machine.metadata.generateName, machineRole(machine), clusterNameOf(machine)])).toEqual([
      ['gce-controlplane-', 'control-plane', 'gce-2018'],
      ['gce-node-', 'worker', 'gce-2018'],
    ]);
    expect(parsed.machines[0]?.spec.providerSpec.value?.['machineType']).toBe('n1-standard-2');
    expect(JSON.stringify(parsed.machines)).not.toContain('providerConfig');
  });

  it('loads a kind: List document item by item, empty and 63-character label values and any-case annotation keys included', () => {
    const parsed = parseValidFixture('list/kind-list.yaml');
    expect(parsed.issues).toEqual([]);
    expect(identities(parsed.objects)).toEqual(['Cluster default/listed', 'Machine default/listed-master']);
    expect(parsed.machines[0]?.metadata.labels?.['tier']).toBe('');
    expect(parsed.clusters[0]?.metadata.annotations?.['Example.com/Reviewed-By']).toBe('ops');
  });

  it('reads a typed list (kind: MachineList) too, and names the item in its issues and duplicate reports', () => {
    const machine = (name: string, kubelet: string) =>
      `- {apiVersion: cluster.k8s.io/v1alpha1, kind: Machine, metadata: {name: ${name}}, spec: {providerSpec: {value: {}}, versions: {kubelet: "${kubelet}"}}}`;
    const text = ['apiVersion: cluster.k8s.io/v1alpha1', 'kind: MachineList', 'items:', machine('a', '1.13.2'), machine('b', '1.13'), machine('a', '1.13.2')].join('\n');
    const parsed = parseManifests(text, { source: 'machines.yaml' });
    expect(parsed.issues.map(formatManifestIssue)).toEqual([
      'machines.yaml doc 1 items[1] Machine "b": spec.versions.kubelet: expected a Kubernetes version such as 1.13.2 or v1.13.2, got "1.13" (line 5)',
      'machines.yaml doc 1 items[2] Machine "a": metadata.name: duplicate name: machines.yaml doc 1 items[0] already declares Machine "a" in namespace "default" (line 6)',
    ]);
    expect(parsed.issues[0]).toMatchObject({ documentIndex: 1, itemIndex: 1, path: 'spec.versions.kubelet' });
    expect(identities(parsed.objects)).toEqual(['Machine default/a']);
  });

  it('does not take a list of another API group for a Cluster API list', () => {
    const parsed = parseManifests('apiVersion: apps/v1\nkind: DeploymentList\nitems: []\n', { source: 'other.yaml' });
    expect(parsed.issues.map(formatManifestIssue)).toEqual([
      'other.yaml doc 1 DeploymentList: kind: unknown kind "DeploymentList"; expected one of Cluster, Machine, MachineSet, MachineDeployment, MachineClass (line 2)',
    ]);
  });
});

describe('the minimal fixture', () => {
  it('skips empty documents but counts them, so issues keep pointing at the right document', () => {
    const parsed = parseValidFixture('minimal/cluster-and-machine.yaml');
    expect(parsed.objects.map((object) => object.kind)).toEqual(['Cluster', 'Machine', 'Machine']);
    expect(parsed.defaults.map(({ documentIndex, path }) => `${documentIndex} ${path}`)).toEqual([
      '1 metadata.namespace',
      '1 spec.clusterNetwork',
      '2 metadata.namespace',
      '4 metadata.namespace',
    ]);
  });

  it('lets several machines share a generateName without calling them duplicates', () => {
    const parsed = parseValidFixture('minimal/cluster-and-machine.yaml');
    expect(parsed.machines.map((machine) => [machine.metadata.name, machine.metadata.generateName, machineRole(machine)])).toEqual([
      [undefined, 'tiny-worker-', 'worker'],
      [undefined, 'tiny-worker-', 'worker'],
    ]);
  });
});

describe('parsing without providers', () => {
  it('keeps providerSpec.value opaque, so a manifest for a provider that is not loaded still parses', () => {
    const { text, source } = readFixture('valid', 'aws/machines.yaml');
    const withUnknownField = text.replace('instanceType: t3.large', 'instanceType: t3.large\n      futureField: [1, 2]');
    const parsed = parseManifests(withUnknownField, { source });
    expect(parsed.issues).toEqual([]);
    expect(parsed.machines[0]?.spec.providerSpec.value?.['futureField']).toEqual([1, 2]);
  });

  it('names the input "<input>" when no source is given', () => {
    const parsed = parseManifests('kind: Machine\n');
    expect(parsed.issues[0]?.source).toBe('<input>');
  });

  it('returns nothing and no issue for an empty text', () => {
    expect(parseManifests('')).toMatchObject({ objects: [], issues: [], defaults: [] });
    expect(parseManifests('# just a comment\n---\n')).toMatchObject({ objects: [], issues: [], defaults: [] });
  });
});

describe('names and formats', () => {
  const cluster = (name: string, namespace?: string) =>
    `apiVersion: cluster.k8s.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec: {}\n`;
  const machine = (name: string) =>
    `apiVersion: cluster.k8s.io/v1alpha1\nkind: Machine\nmetadata:\n  name: ${name}\nspec:\n  providerSpec: {value: {}}\n  versions: {kubelet: 1.13.2}\n`;

  it('keeps names unique per kind and namespace, as Kubernetes does', () => {
    const parsed = parseManifests([cluster('demo'), cluster('demo', 'team-b'), machine('demo')].join('---\n'));
    expect(parsed.issues).toEqual([]);
    expect(identities(parsed.objects)).toEqual(['Cluster default/demo', 'Cluster team-b/demo', 'Machine default/demo']);
  });

  it('counts an explicit namespace "default" and a defaulted one as the same namespace', () => {
    const parsed = parseManifests([cluster('demo'), cluster('demo', 'default')].join('---\n'), { source: 'clusters.yaml' });
    expect(parsed.issues.map((issue) => `${issue.documentIndex} ${issue.path} ${issue.message}`)).toEqual([
      '2 metadata.name duplicate name: clusters.yaml doc 1 already declares Cluster "demo" in namespace "default"',
    ]);
  });

  it('reads JSON, which is YAML too, as kubectl get -o json prints an object', () => {
    const json = JSON.stringify({
      apiVersion: 'cluster.k8s.io/v1alpha1',
      kind: 'Machine',
      metadata: { name: 'from-json', labels: { 'cluster.k8s.io/cluster-name': 'demo' } },
      spec: { providerSpec: { value: { apiVersion: 'awsprovider/v1alpha1', kind: 'AWSMachineProviderSpec', instanceType: 't3.small' } }, versions: { kubelet: '1.13.2' } },
    });
    const parsed = parseManifests(json, { providers: exampleProviders });
    expect(parsed.issues).toEqual([]);
    expect(parsed.machines.map((machine) => [machine.metadata.name, clusterNameOf(machine)])).toEqual([['from-json', 'demo']]);
  });

  it('reads Windows line endings and a byte-order mark', () => {
    const parsed = parseManifests(`\uFEFF${machine('crlf')}`.replaceAll('\n', '\r\n'));
    expect(parsed.issues).toEqual([]);
    expect(parsed.machines[0]?.metadata.name).toBe('crlf');
  });

  it('gives the same result for the same text, and shares no objects between calls', () => {
    const { text, source } = readFixture('valid', 'aws/machinedeployment.yaml');
    const first = parseManifests(text, { source });
    const second = parseManifests(text, { source });
    expect(second).toEqual(first);
    first.machineDeployments[0]!.spec.replicas = 99;
    expect(second.machineDeployments[0]?.spec.replicas).toBe(2);
  });
});
