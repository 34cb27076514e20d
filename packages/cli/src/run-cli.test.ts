import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ProviderPluginV1 } from '@slipway/core';
import { awsProviderPlugin } from '@slipway/provider-aws';
import { runCli } from './run-cli.js';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));

async function run(argv: string[], standardInput = '', providers: readonly ProviderPluginV1[] = []) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    argv,
    { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, environment: {} },
    { readStandardInput: async () => standardInput, loadProviders: async () => providers },
  );
  return { code, stdout, stderr };
}

describe('slipway validate', () => {
  it('accepts the shipped examples and shows the defaults it would apply', async () => {
    const result = await run(['validate', '-f', join(examples, 'cluster.yaml'), '-f', join(examples, 'machines.yaml')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/MachineDeployment\s+default\s+quickstart-workers\s+2 replicas/);
    expect(result.stdout).toContain('spec.deletePolicy = "Random"');
    expect(result.stdout).toContain('3 objects valid.');
  });

  it('reports every problem of every file at once, with field paths, and exits 2', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'slipway-validate-'));
    onTestFinished(() => rm(directory, { recursive: true, force: true }));
    const file = join(directory, 'machines.yaml');
    await writeFile(
      file,
      [
        'apiVersion: cluster.k8s.io/v1alpha1',
        'kind: Machine',
        'metadata: { name: worker-1 }',
        'spec:',
        '  versions: { kubelet: banana }',
        '  providerSpec: { value: {} }',
        '---',
        'apiVersion: cluster.k8s.io/v1alpha1',
        'kind: Machina',
        'metadata: { name: worker-2 }',
      ].join('\n'),
    );
    const result = await run(['validate', '-f', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('2 problems found; nothing was created');
    expect(result.stderr).toContain(`${file} doc 1 Machine "worker-1": spec.versions.kubelet: expected a Kubernetes version such as 1.13.2 or v1.13.2, got "banana" (line 5)`);
    expect(result.stderr).toContain(`${file} doc 2 Machina "worker-2": kind: unknown kind "Machina"`);
  });

  it("judges providerSpec with the provider's own schema, naming the field", async () => {
    const directory = await mkdtemp(join(tmpdir(), 'slipway-validate-'));
    onTestFinished(() => rm(directory, { recursive: true, force: true }));
    const file = join(directory, 'machine.yaml');
    await writeFile(
      file,
      [
        'apiVersion: cluster.k8s.io/v1alpha1',
        'kind: Machine',
        'metadata: { name: worker-1 }',
        'spec:',
        '  versions: { kubelet: 1.31.2 }',
        '  providerSpec:',
        '    value:',
        '      apiVersion: awsprovider/v1alpha1',
        '      ami: { id: ami-0123456789abcdef0 }',
        '      instanceType: 42',
      ].join('\n'),
    );
    const result = await run(['validate', '-f', file], '', [awsProviderPlugin]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file} doc 1 Machine "worker-1": spec.providerSpec.value.instanceType: expected a string, got 42 (line 10)`);
    const examplesResult = await run(['validate', '-f', join(examples, 'cluster.yaml'), '-f', join(examples, 'machines.yaml')], '', [awsProviderPlugin]);
    expect(examplesResult.stderr).toBe('');
    expect(examplesResult.code).toBe(0);
  });

  it('reads standard input and prints JSON', async () => {
    const result = await run(
      ['validate', '-f', '-', '-o', 'json'],
      'apiVersion: cluster.k8s.io/v1alpha1\nkind: Cluster\nmetadata: { name: c1 }\nspec: {}\n',
    );
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { objects: { spec: { clusterNetwork: { serviceDomain: string } } }[] };
    expect(parsed.objects[0]?.spec.clusterNetwork.serviceDomain).toBe('cluster.local');
  });

  it('names an unreadable file and exits 2', async () => {
    const result = await run(['validate', '-f', '/nonexistent/cluster.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: cannot read /nonexistent/cluster.yaml: no such file\n');
  });

  it('exits 2 on an unknown command or a missing option', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    const missing = await run(['validate']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: no manifests given: pass one or more -f FILE (or -f - for standard input)\n');
  });
});

describe('slipway generate crds', () => {
  it('prints one CustomResourceDefinition per kind as YAML', async () => {
    const result = await run(['generate', 'crds']);
    expect(result.code).toBe(0);
    const documents = parseAllDocuments(result.stdout);
    const definitions = (Array.isArray(documents) ? documents : []).map((document) => document.toJS() as { kind: string; metadata: { name: string } });
    expect(definitions.map((definition) => definition.metadata.name)).toEqual([
      'clusters.cluster.k8s.io',
      'machines.cluster.k8s.io',
      'machinesets.cluster.k8s.io',
      'machinedeployments.cluster.k8s.io',
      'machineclasses.cluster.k8s.io',
    ]);
    expect(definitions.every((definition) => definition.kind === 'CustomResourceDefinition')).toBe(true);
  });
});
