/**
 * The generated CRDs and both corpora against a real kube-apiserver v1.37.2 + etcd (the
 * @slipway/kubernetes-fixture), through the real kubectl: the CRDs become Established, every
 * valid fixture is accepted, and every invalid fixture is refused at the field path
 * `slipway validate` names, or is listed below with who judges it instead and why.
 */
import { parseAllDocuments, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubectlError, kubectl, locateKubernetesBinaries, startKubernetesApiServer, type KubernetesApiServer } from '@slipway/kubernetes-fixture';
import { buildCustomResourceDefinitions, clusterApiKindNames, clusterApiKinds, parseManifests, parseManifestTexts, upgradeProviderConfig } from '../index.js';
import { exampleProviders } from '../test-support/example-providers.js';
import { listFixtures, readFixture } from '../test-support/read-fixture.js';

// A cold build of the binaries (no cache yet) takes ~13 minutes on 2 cores; warm, under a second.
const startTimeoutMs = 30 * 60_000;

/** What a real API server (and kubectl in front of it) does with an invalid fixture. */
type ServerOutcome =
  /**
   * Refused by the server at exactly these field paths, each one `slipway validate` names too;
   * `thenAt` are further paths the server names only as a consequence of the first ones.
   */
  | { refusedAt: string[]; thenAt?: string[] }
  /** Refused by the server at these paths, a level below the map `slipway validate` names (see reason). */
  | { refusedBelow: string[]; reason: string }
  /** A create drops status (status subresource); writing this status as a controller does is refused here. */
  | { statusRefusedAt: string[] }
  /** Refused, without a field path, by the server; the reason says why that is the same rule. */
  | { refusedWith: string; reason: string }
  /** kubectl refuses the file before any object reaches the server. */
  | { kubectlRefuses: string }
  /** Accepted by the server: the rule needs a provider's schema; the controller judges it and reports on the object. */
  | { judgedByTheController: string }
  /** Accepted by the server, and no schema could refuse it: the reason says why. */
  | { acceptedBecause: string };

const providerSpecReason = "providerSpec.value is the provider's to judge (the CRD keeps it opaque); the controller validates it with the provider's schema";

const serverOutcomes: Record<string, ServerOutcome> = {
  // Typed decoding (server-side apply) stops at the first wrong type of an object, so the server
  // names fewer fields than slipway validate does: one per refused document.
  'all-problems-at-once.yaml': { refusedAt: ['spec.clusterNetwork.serviceDomain', 'spec.replicas', 'spec.versions.controlPlane'] },
  'annotation-key-invalid.yaml': { refusedAt: ['metadata.annotations'] },
  'api-endpoint-port-out-of-range.yaml': { statusRefusedAt: ['status.apiEndpoints[0].port'] },
  'bad-address-type.yaml': { statusRefusedAt: ['status.addresses[0].type'] },
  'bad-bootstrap-phase.yaml': { statusRefusedAt: ['status.bootstrap.phase'] },
  'bad-control-plane-version.yaml': { refusedAt: ['spec.versions.controlPlane'] },
  'bad-delete-policy.yaml': { refusedAt: ['spec.deletePolicy'] },
  // The server also refuses the name it made from the prefix ("Pool_A-" + five characters).
  'bad-generate-name.yaml': { refusedAt: ['metadata.generateName'], thenAt: ['metadata.name'] },
  'bad-kubelet-version.yaml': { refusedAt: ['spec.versions.kubelet'] },
  'bad-max-surge.yaml': { refusedAt: ['spec.strategy.rollingUpdate.maxSurge'] },
  'bad-name.yaml': { refusedAt: ['metadata.name'] },
  'bad-namespace.yaml': {
    refusedWith: 'namespaces "Team A" not found',
    reason: 'a namespace must exist before objects go in it, and no Namespace can be named "Team A" (its name is a DNS label)',
  },
  'bad-selector-operator.yaml': { refusedAt: ['spec.selector.matchExpressions[0].operator'] },
  'bad-strategy-type.yaml': { refusedAt: ['spec.strategy.type'] },
  'bad-taint-effect.yaml': { refusedAt: ['spec.taints[0].effect'] },
  'bad-timestamp.yaml': { kubectlRefuses: 'parsing time "last tuesday"' },
  'cidr-empty-list.yaml': { refusedAt: ['spec.clusterNetwork.pods.cidrBlocks'] },
  'cidr-not-an-address.yaml': { refusedAt: ['spec.clusterNetwork.pods.cidrBlocks[0]'] },
  'cidr-prefix-too-long-ipv4.yaml': { refusedAt: ['spec.clusterNetwork.services.cidrBlocks[0]'] },
  'cidr-prefix-too-long-ipv6.yaml': { refusedAt: ['spec.clusterNetwork.pods.cidrBlocks[0]'] },
  'cidr-without-prefix.yaml': { refusedAt: ['spec.clusterNetwork.services.cidrBlocks[0]'] },
  'cluster-provider-spec-fails.yaml': { judgedByTheController: providerSpecReason },
  'document-is-a-list.yaml': { kubectlRefuses: 'invalid object to validate' },
  'document-is-a-scalar.yaml': { kubectlRefuses: 'invalid object to validate' },
  'duplicate-names.yaml': {
    acceptedBecause: 'two documents with one name are one object to a server: the second apply updates the first; only a tool reading the whole file can see it',
  },
  'empty-name.yaml': { kubectlRefuses: 'resource name may not be empty' },
  'empty-selector.yaml': { refusedAt: ['spec.selector'] },
  'fractional-max-unavailable.yaml': { refusedAt: ['spec.strategy.rollingUpdate.maxUnavailable'] },
  'invalid-yaml-alias-bomb.yaml': { kubectlRefuses: 'excessive aliasing' },
  'invalid-yaml-duplicate-key.yaml': {
    acceptedBecause: "kubectl's YAML reader keeps the last of two equal keys instead of refusing the file; no API server sees the text",
  },
  'invalid-yaml-unclosed-flow.yaml': { kubectlRefuses: "did not find expected ',' or ']'" },
  'invalid-yaml-unresolved-alias.yaml': { kubectlRefuses: "unknown anchor 'common-labels' referenced" },
  'kind-not-a-string.yaml': { kubectlRefuses: "kind isn't string type" },
  'label-key-invalid.yaml': { refusedAt: ['metadata.labels'] },
  'label-key-prefix-invalid.yaml': { refusedAt: ['metadata.labels'] },
  'label-value-bad-characters.yaml': { refusedAt: ['metadata.labels'] },
  'label-value-not-a-string.yaml': { kubectlRefuses: 'cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string' },
  'label-value-too-long.yaml': { refusedAt: ['metadata.labels'] },
  'list-items-not-a-list.yaml': { kubectlRefuses: 'invalid object to validate' },
  'list-with-invalid-item.yaml': { refusedAt: ['spec.versions.kubelet'] },
  'machine-class-fails-provider-schema.yaml': { judgedByTheController: providerSpecReason },
  'machine-class-missing-provider-spec.yaml': { refusedAt: ['providerSpec'] },
  'machine-class-reference-without-name.yaml': { refusedAt: ['spec.providerSpec.valueFrom.machineClass.name'] },
  'machine-missing-kubelet-version.yaml': { refusedAt: ['spec.versions.kubelet'] },
  'machine-missing-provider-spec.yaml': { refusedAt: ['spec.providerSpec'] },
  'machine-missing-spec.yaml': { refusedAt: ['spec'] },
  'machine-missing-versions.yaml': { refusedAt: ['spec.versions'] },
  'machineset-missing-template.yaml': { refusedAt: ['spec.template'] },
  'metadata-not-a-mapping.yaml': { kubectlRefuses: 'cannot unmarshal string into Go struct field' },
  'missing-api-version.yaml': { kubectlRefuses: 'apiVersion not set' },
  'missing-kind.yaml': { kubectlRefuses: 'kind not set' },
  'missing-name.yaml': { kubectlRefuses: 'resource name may not be empty' },
  'namespace-with-a-dot.yaml': {
    refusedWith: 'namespaces "team.a" not found',
    reason: 'a namespace must exist before objects go in it, and no Namespace can be named "team.a" (its name is a DNS label)',
  },
  'negative-replicas.yaml': { refusedAt: ['spec.replicas'] },
  'owner-reference-without-uid.yaml': { refusedAt: ['metadata.ownerReferences[0].uid'] },
  'provider-spec-and-provider-config.yaml': { refusedAt: ['spec.providerConfig'] },
  'provider-spec-empty.yaml': { refusedAt: ['spec.providerSpec'] },
  'provider-spec-in-template-fails.yaml': { judgedByTheController: providerSpecReason },
  'provider-spec-missing-api-version.yaml': { judgedByTheController: providerSpecReason },
  'provider-spec-unknown-group.yaml': { judgedByTheController: providerSpecReason },
  'provider-spec-value-and-value-from.yaml': { refusedAt: ['spec.providerSpec'] },
  'provider-spec-value-not-a-mapping.yaml': { refusedAt: ['spec.providerSpec.value'] },
  'provider-spec-wrong-type.yaml': { judgedByTheController: providerSpecReason },
  'replicas-as-string.yaml': { refusedAt: ['spec.replicas'] },
  'selector-does-not-match-template.yaml': { refusedAt: ['spec.selector'] },
  'selector-expression-excludes-template.yaml': { refusedAt: ['spec.selector'] },
  'taint-without-key.yaml': { refusedAt: ['spec.taints[0].key'] },
  'template-label-key-invalid.yaml': { refusedAt: ['spec.template.metadata.labels'] },
  'template-label-value-too-long.yaml': {
    refusedBelow: ['spec.template.metadata.labels.purpose'],
    reason:
      "label values in a template are checked by the CRD's own maxLength and pattern (a CEL rule over every value costs more than the API server's budget allows), which name the value; slipway validate names the map, as the server does for an object's own labels",
  },
  'unknown-field-in-provider-spec.yaml': { refusedAt: ['spec.providerSpec.valueform'] },
  'unknown-field-typo.yaml': { refusedAt: ['spec.version'] },
  'unknown-kind.yaml': { kubectlRefuses: 'no matches for kind "MachinePool" in version "cluster.k8s.io/v1alpha1"' },
  'unknown-top-level-field.yaml': { refusedAt: ['Spec'] },
  'wrong-api-version.yaml': { kubectlRefuses: 'no matches for kind "Cluster" in version "cluster.x-k8s.io/v1alpha2"' },
  'zero-progress-deadline.yaml': { refusedAt: ['spec.progressDeadlineSeconds'] },
};

interface KubectlRun {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/**
 * The field paths in kubectl's account of what the server refused: "The Machine "x" is invalid:
 * <path>: ..." (one error or a "* <path>: ..." list), and server-side apply's typed decoding
 * "failed to create typed patch object (...): .<path>: ...". `<nil>` (a note that CEL rules were
 * skipped) is no field.
 */
function refusedFieldPaths(stderr: string): string[] {
  const paths = new Set<string>();
  for (const line of stderr.split('\n')) {
    const match = /(?:is invalid: |^\* |failed to create typed patch object \([^)]*\): )\.?([A-Za-z][\w.[\]/-]*): /.exec(line);
    if (match?.[1]) paths.add(match[1]);
  }
  return [...paths].sort();
}

/** True when a document is named only by generateName, which `kubectl apply` refuses (create takes it). */
function usesGenerateName(text: string): boolean {
  type Named = { metadata?: { name?: unknown; generateName?: unknown }; items?: unknown };
  return parseAllDocuments(text).some((document) => {
    let value: Named | null;
    try {
      value = document.toJS({ maxAliasCount: 100 }) as Named | null;
    } catch {
      return false; // YAML that does not resolve; kubectl refuses it either way.
    }
    const objects = Array.isArray(value?.items) ? (value.items as Named[]) : [value];
    return objects.some((object) => object?.metadata?.generateName !== undefined && object.metadata.name === undefined);
  });
}

describe('the CRDs and the corpora on a real kube-apiserver', () => {
  let server: KubernetesApiServer;

  async function run(args: string[], input?: string): Promise<KubectlRun> {
    try {
      const result = await kubectl(args, { kubeconfig: server.kubeconfigPath, ...(input === undefined ? {} : { input }) });
      return { ok: true, ...result };
    } catch (error) {
      if (!(error instanceof KubectlError)) throw error;
      return { ok: false, stdout: error.stdout, stderr: error.stderr };
    }
  }

  /** Sends a fixture as a user would: apply --server-side, or create where generateName is used (apply refuses it). */
  async function send(text: string, dryRun: boolean): Promise<KubectlRun> {
    const dryRunFlag = dryRun ? ['--dry-run=server'] : [];
    return usesGenerateName(text) ? run(['create', ...dryRunFlag, '-f', '-'], text) : run(['apply', '--server-side', ...dryRunFlag, '-f', '-'], text);
  }

  const crdNames = clusterApiKindNames.map((kind) => `${clusterApiKinds[kind].plural}.cluster.k8s.io`);

  beforeAll(async () => {
    await locateKubernetesBinaries();
    server = await startKubernetesApiServer();
    const crds = buildCustomResourceDefinitions().map((definition) => stringify(definition)).join('---\n');
    const applied = await run(['apply', '--server-side', '-f', '-'], crds);
    if (!applied.ok) throw new Error(`the API server refused the CRDs: ${applied.stderr}`);
    const waited = await run(['wait', '--for=condition=Established', '--timeout=60s', ...crdNames.map((name) => `crd/${name}`)]);
    if (!waited.ok) throw new Error(`the CRDs did not become Established: ${waited.stderr}`);
  }, startTimeoutMs);

  afterAll(async () => {
    await server?.stop();
  });

  it('establishes every CRD with a structural schema, and needs the approval annotation of a protected group', async () => {
    const listed = JSON.parse((await run(['get', 'crd', ...crdNames, '-o', 'json'])).stdout) as {
      items: { metadata: { name: string }; status: { conditions: { type: string; status: string }[] } }[];
    };
    expect(listed.items.map((definition) => definition.metadata.name).sort()).toEqual([...crdNames].sort());
    for (const definition of listed.items) {
      const conditions = Object.fromEntries(definition.status.conditions.map((condition) => [condition.type, condition.status]));
      expect(conditions).toMatchObject({ Established: 'True', NamesAccepted: 'True' });
      expect(conditions['NonStructuralSchema']).toBeUndefined();
    }
    // Without the annotation the same server refuses the definition.
    const withoutAnnotation = structuredClone(buildCustomResourceDefinitions()[0]) as { metadata: { annotations?: unknown } };
    delete withoutAnnotation.metadata.annotations;
    const refused = await run(['apply', '--server-side', '--dry-run=server', '-f', '-'], stringify(withoutAnnotation));
    expect(refused.ok).toBe(false);
    expect(refused.stderr).toContain('protected groups must have approval annotation');
  });

  it('explains every kind and field with kubectl explain', async () => {
    const machine = await run(['explain', 'machines.spec.providerID']);
    expect(machine.stdout).toContain("The cloud's ID of the instance");
    const legacy = await run(['explain', 'machines.spec.providerConfig']);
    expect(legacy.stdout).toContain('Deprecated: the name providerSpec had before mid 2018');
    for (const kind of clusterApiKindNames) {
      const explained = await run(['explain', clusterApiKinds[kind].plural]);
      expect(explained.ok).toBe(true);
      expect(explained.stdout).not.toContain('<empty>');
    }
  });

  it('accepts every valid fixture, the 2018 ones included, and stores what slipway validate reads', { timeout: 120_000 }, async () => {
    await run(['create', 'namespace', 'team-a']);
    const files = listFixtures('valid');
    const expected = parseManifestTexts(files.map((file) => readFixture('valid', file)), { providers: exampleProviders });
    expect(expected.issues).toEqual([]);
    for (const file of files) {
      const { text } = readFixture('valid', file);
      let sent = text;
      if (file === 'clusterctl-2018/machines.yaml') {
        // kubectl cannot read a bare items file; the same objects as a kind: List are what a user would give it.
        const asIs = await send(text, true);
        expect(asIs).toMatchObject({ ok: false });
        expect(asIs.stderr).toContain('apiVersion not set, kind not set');
        sent = stringify({ apiVersion: 'v1', kind: 'List', items: (parseAllDocuments(text)[0]!.toJS() as { items: unknown[] }).items });
      }
      const outcome = await send(sent, false);
      expect({ file, ...outcome, stdout: '' }).toEqual({ file, ok: true, stdout: '', stderr: '' });
    }
    const stored: Record<string, unknown>[] = [];
    for (const kind of clusterApiKindNames) {
      const listed = JSON.parse((await run(['get', clusterApiKinds[kind].plural, '-A', '-o', 'json'])).stdout) as { items: Record<string, unknown>[] };
      stored.push(...listed.items);
    }
    const identity = (object: { kind: string; metadata: { namespace?: string; name?: string; generateName?: string } }) =>
      `${object.kind} ${object.metadata.namespace}/${object.metadata.generateName ?? object.metadata.name}`;
    expect(stored.map((object) => identity(object as never)).sort()).toEqual(expected.objects.map((object) => identity(object)).sort());
    // The 2018 Machine is stored with providerConfig as written; read through upgradeProviderConfig it is what slipway validate parsed.
    const legacy = stored.find((object) => (object['metadata'] as { name: string }).name === 'openstack-master')!;
    expect(legacy['spec']).toHaveProperty('providerConfig');
    expect((upgradeProviderConfig(legacy)['spec'] as Record<string, unknown>)['providerSpec']).toEqual(
      expected.machines.find((machine) => machine.metadata.name === 'openstack-master')?.spec.providerSpec,
    );
  });

  it('shows Phase, ProviderID, Node and Age for Machines and scales MachineSets through the scale subresource', { timeout: 60_000 }, async () => {
    await run(['create', 'namespace', 'columns']);
    const machine = {
      apiVersion: 'cluster.k8s.io/v1alpha1',
      kind: 'Machine',
      metadata: { name: 'shown', namespace: 'columns', labels: { 'cluster.k8s.io/cluster-name': 'demo' } },
      spec: { providerID: 'aws:///us-east-1a/i-0123456789abcdef0', providerSpec: { value: {} }, versions: { kubelet: '1.13.2' } },
    };
    expect((await run(['apply', '--server-side', '-f', '-'], stringify(machine))).ok).toBe(true);
    const status = { ...machine, status: { phase: 'Running', nodeRef: { kind: 'Node', name: 'ip-10-0-0-12' } } };
    expect((await run(['apply', '--server-side', '--subresource=status', '-f', '-'], stringify(status))).ok).toBe(true);
    const shown = (await run(['get', 'machines', '-n', 'columns'])).stdout.trim().split('\n').map((line) => line.split(/\s+/));
    expect(shown[0]).toEqual(['NAME', 'PHASE', 'PROVIDERID', 'NODE', 'AGE']);
    expect(shown[1]?.slice(0, 4)).toEqual(['shown', 'Running', 'aws:///us-east-1a/i-0123456789abcdef0', 'ip-10-0-0-12']);
    const wide = (await run(['get', 'machines', '-n', 'columns', '-o', 'wide'])).stdout.trim().split('\n').map((line) => line.split(/\s+/));
    expect(wide[0]).toEqual(['NAME', 'PHASE', 'PROVIDERID', 'NODE', 'CLUSTER', 'KUBELET', 'ERROR', 'AGE']);
    expect(wide[1]?.slice(4, 6)).toEqual(['demo', '1.13.2']);

    const machineSet = {
      apiVersion: 'cluster.k8s.io/v1alpha1',
      kind: 'MachineSet',
      metadata: { name: 'pool', namespace: 'columns' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { set: 'pool' } },
        template: { metadata: { labels: { set: 'pool' } }, spec: { providerSpec: { value: {} }, versions: { kubelet: '1.13.2' } } },
      },
    };
    expect((await run(['apply', '--server-side', '-f', '-'], stringify(machineSet))).ok).toBe(true);
    const scaled = await run(['scale', 'machineset/pool', '-n', 'columns', '--replicas=5']);
    expect(scaled).toMatchObject({ ok: true, stdout: 'machineset.cluster.k8s.io/pool scaled\n' });
    expect((await run(['get', 'machineset/pool', '-n', 'columns', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('5');
    expect((await run(['get', 'machinesets', '-n', 'columns'])).stdout.split('\n')[0]?.split(/\s+/)).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AVAILABLE', 'AGE']);
  });

  it('has an outcome listed for every invalid fixture', () => {
    const files = listFixtures('invalid').filter((file) => !file.startsWith('duplicate-across-files-'));
    expect(Object.keys(serverOutcomes).sort()).toEqual(files);
  });

  it.each(Object.entries(serverOutcomes))('%s', { timeout: 60_000 }, async (file, outcome) => {
    const { text, source } = readFixture('invalid', file);
    const slipwayPaths = parseManifests(text, { source, providers: exampleProviders }).issues.map((issue) => issue.path);
    expect(slipwayPaths.length).toBeGreaterThan(0);
    const sent = await send(text, true);
    if ('refusedAt' in outcome) {
      expect(sent.ok).toBe(false);
      expect(refusedFieldPaths(sent.stderr)).toEqual([...outcome.refusedAt, ...(outcome.thenAt ?? [])].sort());
      for (const path of outcome.refusedAt) expect(slipwayPaths).toContain(path);
    } else if ('refusedBelow' in outcome) {
      expect(sent.ok).toBe(false);
      expect(refusedFieldPaths(sent.stderr)).toEqual(outcome.refusedBelow);
      for (const path of outcome.refusedBelow) expect(slipwayPaths).toContain(path.slice(0, path.lastIndexOf('.')));
    } else if ('statusRefusedAt' in outcome) {
      expect(sent).toMatchObject({ ok: true, stderr: '' });
      const created = await send(text, false);
      expect(created.ok).toBe(true);
      try {
        const status = await run(['apply', '--server-side', '--subresource=status', '-f', '-'], text);
        expect(status.ok).toBe(false);
        expect(refusedFieldPaths(status.stderr)).toEqual(outcome.statusRefusedAt);
        for (const path of outcome.statusRefusedAt) expect(slipwayPaths).toContain(path);
      } finally {
        await run(['delete', '--wait=false', '-f', '-'], text);
      }
    } else if ('refusedWith' in outcome) {
      expect(sent.ok).toBe(false);
      expect(sent.stderr).toContain(outcome.refusedWith);
    } else if ('kubectlRefuses' in outcome) {
      expect(sent.ok).toBe(false);
      expect(sent.stderr).toContain(outcome.kubectlRefuses);
      expect(sent.stderr).not.toContain('Error from server');
    } else {
      // Accepted: the listed reason is the only defence, and the test fails once the server starts refusing it.
      expect(sent).toMatchObject({ ok: true, stderr: '' });
    }
  });

  it('accepts the two duplicate-across-files files one by one: a duplicate is a property of the set', async () => {
    for (const file of ['duplicate-across-files-cluster.yaml', 'duplicate-across-files-machines.yaml']) {
      expect(await send(readFixture('invalid', file).text, true)).toMatchObject({ ok: true, stderr: '' });
    }
  });
});
