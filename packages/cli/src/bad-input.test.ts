/**
 * Every kind of bad input `create cluster` (and its neighbours) can be given:
 * each answers with one sentence naming the problem and the fix, exits 2, and
 * leaves the state directory empty — no store, no emulated cloud, no record.
 * Driven through runCli, the CLI's public entry, with the real provider
 * catalog; the held-state-directory case runs the CLI as its own process.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEmbeddedStore } from '@slipway/manager';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { spawnSlipway } from './test-support/spawn-slipway.js';

const small = fileURLToPath(new URL('./test-support/manifests/small-cluster.yaml', import.meta.url));
const azure = fileURLToPath(new URL('./test-support/manifests/azure-cluster.yaml', import.meta.url));

const scratchDirectories: string[] = [];

async function scratch(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'slipway-bad-input-'));
  scratchDirectories.push(directory);
  return directory;
}

afterAll(async () => {
  await Promise.all(scratchDirectories.map((directory) => rm(directory, { recursive: true, force: true })));
});

/** Runs the CLI in this process against a fresh state directory and a home with no cloud configuration. */
async function run(argv: string[], environment: Record<string, string> = {}) {
  const stateDirectory = join(await scratch(), 'state');
  const home = await scratch();
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['--state-dir', stateDirectory, ...argv],
    { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, environment: { HOME: home, ...environment } },
    { readStandardInput: async () => '' },
  );
  const created = await readdir(stateDirectory).catch(() => [] as string[]);
  return { code, stdout, stderr, created };
}

async function fileWith(name: string, text: string): Promise<string> {
  const path = join(await scratch(), name);
  await writeFile(path, text);
  return path;
}

describe('create cluster refuses bad input and creates nothing', { timeout: 60_000 }, () => {
  it('names a file it cannot read', async () => {
    const result = await run(['create', 'cluster', '-f', '/nonexistent/cluster.yaml']);
    expect(result).toMatchObject({ code: 2, stderr: 'error: cannot read /nonexistent/cluster.yaml: no such file\n', created: [] });
  });

  it('gives the line of bad YAML', async () => {
    const file = await fileWith('broken.yaml', 'apiVersion: cluster.k8s.io/v1alpha1\nkind: Cluster\nmetadata: { name: c1\nspec: {}\n');
    const result = await run(['create', 'cluster', '-f', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: 1 problem found; nothing was created:\n {2}\S+broken\.yaml doc 1.*\(line \d+\)/);
    expect(result.created).toEqual([]);
  });

  it('gives the field path of an invalid spec, core and provider alike', async () => {
    const text = (await import('node:fs/promises')).readFile(small, 'utf8');
    const file = await fileWith('invalid.yaml', (await text).replace('kubelet: 1.31.2, controlPlane', 'kubelet: banana, controlPlane').replace(/instanceType: m5\.large/, 'instanceType: 42'));
    const result = await run(['create', 'cluster', '-f', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('2 problems found; nothing was created');
    expect(result.stderr).toContain('Machine "small-control-plane-0": spec.versions.kubelet: expected a Kubernetes version');
    expect(result.stderr).toContain('Machine "small-control-plane-0": spec.providerSpec.value.instanceType: expected a string, got 42');
    expect(result.created).toEqual([]);
  });

  it('lists the known providers for an unknown one', async () => {
    const text = (await import('node:fs/promises')).readFile(small, 'utf8');
    const file = await fileWith('unknown.yaml', (await text).replaceAll('awsprovider/v1alpha1', 'hetznerprovider/v1alpha1'));
    const result = await run(['create', 'cluster', '-f', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown provider API group "hetznerprovider"; known: awsprovider (aws)');
    expect(result.stderr).toContain('azureprovider (azure)');
    expect(result.created).toEqual([]);
    const up = await run(['up', '--provider', 'hetzner']);
    expect(up).toMatchObject({ code: 2, stderr: 'error: the quickstart has no emulated cloud for provider "hetzner"; available: aws\n', created: [] });
  });

  it('names the environment variables when a real cloud has no credentials', async () => {
    const result = await run(['create', 'cluster', '-f', small, '--bootstrap-endpoint', '203.0.113.7:9443']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: no aws credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY .*AWS_PROFILE .*\.aws\/credentials/);
    expect(result.stderr).toContain('the aws provider reads AWS_REGION');
    expect(result.created).toEqual([]);

    const blue = await run(['create', 'cluster', '-f', azure, '--bootstrap-endpoint', 'bootstrap.example.com:9443']);
    expect(blue.code).toBe(2);
    expect(blue.stderr).toMatch(/^error: no azure credentials found: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET .*az login/);
    expect(blue.created).toEqual([]);
  });

  it('says how to reach a real cloud when the provider has no emulated one', async () => {
    const result = await run(['create', 'cluster', '-f', azure]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('there is no emulated cloud for provider "azure" on this machine (emulated: aws); to create the cluster in the real azure cloud, pass --bootstrap-endpoint HOST:PORT');
    expect(result.created).toEqual([]);
  });

  it('refuses a loopback or malformed bootstrap endpoint for a real cloud', async () => {
    const credentials = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret' };
    const loopback = await run(['create', 'cluster', '-f', small, '--bootstrap-endpoint', '127.0.0.1:9443'], credentials);
    expect(loopback.code).toBe(2);
    expect(loopback.stderr).toContain('--bootstrap-endpoint 127.0.0.1:9443 is a loopback address that machines in a real cloud cannot reach');
    expect(loopback.created).toEqual([]);
    const malformed = await run(['create', 'cluster', '-f', small, '--bootstrap-endpoint', 'example.com'], credentials);
    expect(malformed).toMatchObject({ code: 2, created: [] });
    expect(malformed.stderr).toContain('--bootstrap-endpoint must be HOST:PORT');
  });

  it('names the field of a bad provider config, and refuses one for the emulated cloud', async () => {
    const credentials = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret' };
    const config = await fileWith('aws.yaml', 'region: us-east-1\nregoin: eu-west-1\n');
    const unknownField = await run(['create', 'cluster', '-f', small, '--bootstrap-endpoint', '203.0.113.7:9443', '--provider-config', config], credentials);
    expect(unknownField.code).toBe(2);
    expect(unknownField.stderr).toContain(`the provider config ${config} has a problem at (top level): unknown field regoin; the aws settings a file may set are region, endpoint`);
    expect(unknownField.created).toEqual([]);

    const badValue = await fileWith('aws.yaml', 'describeIntervalMs: soon\n');
    const wrongType = await run(['create', 'cluster', '-f', small, '--bootstrap-endpoint', '203.0.113.7:9443', '--provider-config', badValue], credentials);
    expect(wrongType.stderr).toContain('has a problem at describeIntervalMs:');
    expect(wrongType).toMatchObject({ code: 2, created: [] });

    const badYaml = await fileWith('aws.yaml', 'region: [us-east-1\n');
    const unparsable = await run(['create', 'cluster', '-f', small, '--bootstrap-endpoint', '203.0.113.7:9443', '--provider-config', badYaml], credentials);
    expect(unparsable.stderr).toMatch(/the provider config \S+ is not valid YAML \(line \d\)/);
    expect(unparsable).toMatchObject({ code: 2, created: [] });

    const emulated = await run(['create', 'cluster', '-f', small, '--provider-config', config]);
    expect(emulated.stderr).toContain('--provider-config applies to a real cloud; add --bootstrap-endpoint HOST:PORT');
    expect(emulated).toMatchObject({ code: 2, created: [] });
  });

  it('checks addons before creating anything', async () => {
    const addons = await fileWith('addons.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\nkind: [\n');
    const result = await run(['create', 'cluster', '-f', small, '--addons', addons]);
    expect(result.stderr).toMatch(/the addons file \S+ is not valid YAML \(line \d\)/);
    expect(result).toMatchObject({ code: 2, created: [] });
    const notAnObject = await fileWith('addons.yaml', 'just: a map\n');
    const second = await run(['create', 'cluster', '-f', small, '--addons', notAnObject]);
    expect(second.stderr).toContain('document 1, has no apiVersion or kind; every addon must be a Kubernetes object');
    expect(second).toMatchObject({ code: 2, created: [] });
  });

  it('refuses a manifest set without a control plane or with a Machine of another cluster', async () => {
    const text = await (await import('node:fs/promises')).readFile(small, 'utf8');
    const noControlPlane = await fileWith('workers.yaml', text.replace('kubelet: 1.31.2, controlPlane: 1.31.2', 'kubelet: 1.31.2'));
    const result = await run(['create', 'cluster', '-f', noControlPlane]);
    expect(result.stderr).toContain('the manifests declare no control-plane Machine');
    expect(result).toMatchObject({ code: 2, created: [] });
    const stranger = await fileWith('stranger.yaml', text.replace('  labels:\n    cluster.k8s.io/cluster-name: small\nspec:\n  versions: { kubelet: 1.31.2, controlPlane', '  labels:\n    cluster.k8s.io/cluster-name: other\nspec:\n  versions: { kubelet: 1.31.2, controlPlane'));
    const second = await run(['create', 'cluster', '-f', stranger]);
    expect(second.stderr).toContain('Machine "small-control-plane-0" belongs to cluster "other"; label it cluster.k8s.io/cluster-name: small');
    expect(second).toMatchObject({ code: 2, created: [] });
  });

  it('exits 2 on usage mistakes in every command', async () => {
    expect((await run(['scale', 'machinedeployment', 'workers'])).code).toBe(2);
    expect((await run(['scale', 'machinedeployment', 'workers', '--replicas', 'many'])).stderr).toBe('error: --replicas must be a whole number from 0 to 1000, got "many"\n');
    expect((await run(['describe', 'pod', 'x'])).stderr).toBe('error: cannot describe "pod"; choose one of cluster, machine\n');
    expect((await run(['get', 'kubeconfig'])).stderr).toBe('error: name the cluster: slipway get kubeconfig CLUSTER (slipway get clusters lists them)\n');
    expect((await run(['get', 'machines', '-o', 'xml'])).code).toBe(2);
    const missing = await run(['delete', 'cluster', 'nothing']);
    expect(missing.stderr).toMatch(/^error: no cluster was ever created in \S+; run slipway up or slipway create cluster -f FILE first/);
    expect(missing).toMatchObject({ code: 2, created: [] });
    expect((await run(['manager'])).code).toBe(2);
  });
});

describe('a state directory that drives a real cloud', { timeout: 60_000 }, () => {
  it('asks for the credentials again before delete or manager touch anything', async () => {
    const stateDirectory = await scratch();
    const record = { cloud: 'real', provider: 'aws', bootstrapEndpoint: '203.0.113.7:9443', settings: {} };
    await writeFile(join(stateDirectory, 'environment.json'), JSON.stringify(record));
    for (const argv of [['delete', 'cluster', 'prod'], ['manager']]) {
      let stderr = '';
      const code = await runCli(['--state-dir', stateDirectory, ...argv], {
        stdout: { write: () => true },
        stderr: { write: (text: string) => (stderr += text) },
        environment: { HOME: await scratch() },
      });
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr).toMatch(/^error: no aws credentials found: set AWS_ACCESS_KEY_ID/);
      expect((await readdir(stateDirectory)).sort()).toEqual(['environment.json']);
    }
  });
});

describe('a state directory held by another process', { timeout: 60_000 }, () => {
  it('is named with the process that holds it, and nothing is changed', async () => {
    const stateDirectory = await scratch();
    const store = openEmbeddedStore({ stateDirectory: join(stateDirectory, 'store') });
    try {
      const before = (await readdir(stateDirectory)).sort();
      const result = await spawnSlipway(['create', 'cluster', '-f', small], { environment: { SLIPWAY_STATE_DIR: stateDirectory } });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`error: the state directory ${join(stateDirectory, 'store')} is in use by process ${process.pid}; stop that process or use another state directory`);
      expect((await readdir(stateDirectory)).sort()).toEqual(before);
    } finally {
      await store.close();
    }
  });
});
