/**
 * `slipway generate crds`, run as a process, prints CustomResourceDefinitions that a real
 * kube-apiserver v1.37.2 (the @slipway/kubernetes-fixture) installs and establishes, and the
 * CLI's example manifests then apply to it as they are.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, locateKubernetesBinaries, startKubernetesApiServer, type KubernetesApiServer } from '@slipway/kubernetes-fixture';
import { spawnSlipway } from './test-support/spawn-slipway.js';

// A cold build of the binaries (no cache yet) takes ~13 minutes on 2 cores; warm, under a second.
const startTimeoutMs = 30 * 60_000;
const examples = fileURLToPath(new URL('../examples/', import.meta.url));

describe('slipway generate crds | kubectl apply --server-side, on a real kube-apiserver', { timeout: 120_000 }, () => {
  let server: KubernetesApiServer;

  beforeAll(async () => {
    await locateKubernetesBinaries();
    server = await startKubernetesApiServer();
  }, startTimeoutMs);

  afterAll(async () => {
    await server?.stop();
  });

  it('installs five CustomResourceDefinitions that become Established, then takes the example manifests', async () => {
    const generated = await spawnSlipway(['generate', 'crds']);
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    const definitions = parseAllDocuments(generated.stdout).map((document) => {
      expect(document.errors).toEqual([]);
      return document.toJS() as { kind: string; metadata: { name: string } };
    });
    expect(definitions.map((definition) => definition.kind)).toEqual(Array(5).fill('CustomResourceDefinition'));

    const options = { kubeconfig: server.kubeconfigPath };
    const applied = await kubectl(['apply', '--server-side', '-f', '-'], { ...options, input: generated.stdout });
    expect(applied.stderr).toBe('');
    expect(applied.stdout.trim().split('\n')).toEqual(
      definitions.map((definition) => `customresourcedefinition.apiextensions.k8s.io/${definition.metadata.name} serverside-applied`),
    );
    const names = definitions.map((definition) => `crd/${definition.metadata.name}`);
    const established = await kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...names], options);
    expect(established.stdout.trim().split('\n')).toHaveLength(5);

    for (const file of (await readdir(examples)).filter((name) => name.endsWith('.yaml')).sort()) {
      const text = await readFile(`${examples}${file}`, 'utf8');
      const result = await kubectl(['apply', '--server-side', '-f', '-'], { ...options, input: text });
      expect({ file, stderr: result.stderr }).toEqual({ file, stderr: '' });
      expect(result.stdout).toMatch(/serverside-applied/);
    }
  });
});
