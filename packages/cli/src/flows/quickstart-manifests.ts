import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseManifestTexts, type ParsedManifests, type ProviderSpecSource } from '@slipway/core';

/** The example manifests shipped with the CLI (`examples/`), which the quickstart creates. */
export const quickstartClusterName = 'quickstart';
const examplesDirectory = new URL('../../examples/', import.meta.url);

export async function loadQuickstartManifests(options: { workers: number; providers: readonly ProviderSpecSource[] }): Promise<ParsedManifests> {
  const texts = await Promise.all(
    ['cluster.yaml', 'machines.yaml'].map(async (file) => {
      const url = new URL(file, examplesDirectory);
      return { text: await readFile(url, 'utf8'), source: fileURLToPath(url) };
    }),
  );
  const parsed = parseManifestTexts(texts, { providers: options.providers });
  if (parsed.issues.length > 0) {
    throw new Error(`the shipped example manifests do not validate (a packaging bug): ${parsed.issues.map((issue) => issue.message).join('; ')}`);
  }
  for (const deployment of parsed.machineDeployments) deployment.spec.replicas = options.workers;
  return parsed;
}
