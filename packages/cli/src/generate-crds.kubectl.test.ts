/**
 * `slipway generate crds`, run as a process, prints YAML that parses and that
 * `kubectl apply --dry-run=client` accepts, against a local stand-in for the
 * API server's discovery. Skipped, visibly, where kubectl is not installed.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscoveryStandIn, type DiscoveryStandIn } from './test-support/discovery-stand-in.js';
import { spawnSlipway } from './test-support/spawn-slipway.js';

const kubectlInstalled = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!kubectlInstalled)('slipway generate crds | kubectl apply --dry-run=client', { timeout: 60_000 }, () => {
  let standIn: DiscoveryStandIn;
  let directory: string;

  beforeAll(async () => {
    standIn = await startDiscoveryStandIn();
    directory = await mkdtemp(join(tmpdir(), 'slipway-crds-'));
  });

  afterAll(async () => {
    await standIn.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('prints valid YAML that kubectl accepts as five CustomResourceDefinitions', async () => {
    const generated = await spawnSlipway(['generate', 'crds']);
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    const documents = parseAllDocuments(generated.stdout);
    const parsed = (Array.isArray(documents) ? documents : []).map((document) => {
      expect(document.errors).toEqual([]);
      return document.toJS() as { kind: string; metadata: { name: string } };
    });
    expect(parsed.map((definition) => definition.kind)).toEqual(Array(5).fill('CustomResourceDefinition'));

    const file = join(directory, 'crds.yaml');
    await writeFile(file, generated.stdout);
    const applied = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'kubectl',
        ['apply', '--dry-run=client', '--validate=false', '-f', file, '--server', standIn.url, '--cache-dir', join(directory, 'cache')],
        // No kubeconfig of the person running the tests is read.
        { env: { ...process.env, KUBECONFIG: join(directory, 'absent-kubeconfig') }, timeout: 50_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout.trim().split('\n')).toEqual(
      parsed.map((definition) => `customresourcedefinition.apiextensions.k8s.io/${definition.metadata.name} created (dry run)`),
    );
  });
});
