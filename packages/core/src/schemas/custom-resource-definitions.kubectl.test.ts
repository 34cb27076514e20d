/**
 * The generated CRDs and the valid corpus as `kubectl` reads them: a client-side dry
 * run against a local stand-in for the API server's discovery documents. Skipped,
 * visibly, where kubectl is not installed.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCustomResourceDefinitions, clusterApiKinds, parseManifestTexts } from '../index.js';
import { startKubernetesDiscoveryServer, type KubernetesDiscoveryServer } from '../test-support/kubernetes-discovery-server.js';
import { listFixtures, readFixture } from '../test-support/read-fixture.js';

const kubectlInstalled = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const validFixtures = fileURLToPath(new URL('../../test-fixtures/valid/', import.meta.url));

describe.skipIf(!kubectlInstalled)('kubectl apply --dry-run=client', () => {
  let server: KubernetesDiscoveryServer;
  let workDirectory: string;

  beforeAll(async () => {
    server = await startKubernetesDiscoveryServer();
    workDirectory = mkdtempSync(join(tmpdir(), 'slipway-core-kubectl-'));
  });

  afterAll(async () => {
    await server.close();
    rmSync(workDirectory, { recursive: true, force: true });
  });

  function kubectl(...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        'kubectl',
        [...args, '--server', server.url, '--cache-dir', join(workDirectory, 'cache')],
        // An empty KUBECONFIG path keeps the developer's own clusters out of the test.
        { env: { ...process.env, KUBECONFIG: join(workDirectory, 'no-kubeconfig') }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ exitCode: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it('accepts the generated CustomResourceDefinitions written as one YAML file', async () => {
    const file = join(workDirectory, 'crds.yaml');
    writeFileSync(file, buildCustomResourceDefinitions().map((definition) => stringify(definition)).join('---\n'));
    const result = await kubectl('apply', '--dry-run=client', '--validate=false', '-f', file);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      'customresourcedefinition.apiextensions.k8s.io/clusters.cluster.k8s.io created (dry run)',
      'customresourcedefinition.apiextensions.k8s.io/machines.cluster.k8s.io created (dry run)',
      'customresourcedefinition.apiextensions.k8s.io/machinesets.cluster.k8s.io created (dry run)',
      'customresourcedefinition.apiextensions.k8s.io/machinedeployments.cluster.k8s.io created (dry run)',
      'customresourcedefinition.apiextensions.k8s.io/machineclasses.cluster.k8s.io created (dry run)',
    ]);
  });

  it('applies the named objects of the valid corpus to the resource paths the CRDs declare', async () => {
    // kubectl apply refuses generateName, so the minimal fixture is left to parseManifests.
    const files = listFixtures('valid').filter((file) => !file.startsWith('minimal/'));
    const result = await kubectl('apply', '--dry-run=client', '--validate=false', ...files.flatMap((file) => ['-f', join(validFixtures, file)]));
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);

    const parsed = parseManifestTexts(files.map((file) => readFixture('valid', file)));
    expect(parsed.issues).toEqual([]);
    const expectedLines = parsed.objects.map((object) => `${object.kind.toLowerCase()}.cluster.k8s.io/${object.metadata.name} created (dry run)`);
    expect(result.stdout.trim().split('\n').sort()).toEqual(expectedLines.sort());
    for (const object of parsed.objects) {
      expect(server.requests).toContain(
        `GET /apis/cluster.k8s.io/v1alpha1/namespaces/${object.metadata.namespace}/${clusterApiKinds[object.kind].plural}/${object.metadata.name}`,
      );
    }
  });
});
