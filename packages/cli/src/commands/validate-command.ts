import { formatManifestIssue, parseManifestTexts, type ProviderSpecSource } from '@slipway/core';
import { providersNamedByManifests } from '../providers/providers-named-by-manifests.js';
import { stringify } from 'yaml';
import type { CliIo } from '../cli-io.js';
import { readManifestFiles } from '../read-manifest-files.js';
import { renderTable } from '../render-table.js';
import { UsageError } from '../usage-error.js';

export interface ValidateOptions {
  files: string[];
  output: 'table' | 'yaml' | 'json';
}

/**
 * `slipway validate -f FILE...`: every problem of every file at once, with
 * field paths; on success the objects found and the defaults that would be applied.
 * Changes nothing anywhere.
 */
export async function validateCommand(
  options: ValidateOptions,
  io: CliIo,
  dependencies: { loadProviders: (names?: readonly string[]) => Promise<readonly ProviderSpecSource[]>; readStandardInput: () => Promise<string> },
): Promise<void> {
  const texts = await readManifestFiles(options.files, dependencies.readStandardInput);
  const providers = await dependencies.loadProviders(providersNamedByManifests(texts));
  const parsed = parseManifestTexts(texts, { providers });
  if (parsed.issues.length > 0) {
    const count = parsed.issues.length;
    throw new UsageError(
      `${count} problem${count === 1 ? '' : 's'} found; nothing was created:\n${parsed.issues.map((issue) => `  ${formatManifestIssue(issue)}`).join('\n')}`,
    );
  }
  if (options.output === 'json') {
    io.stdout.write(`${JSON.stringify({ objects: parsed.objects, defaults: parsed.defaults }, null, 2)}\n`);
    return;
  }
  if (options.output === 'yaml') {
    io.stdout.write(parsed.objects.map((object) => stringify(object)).join('---\n'));
    return;
  }
  const rows = parsed.objects.map((object) => [object.kind, object.metadata.namespace ?? 'default', object.metadata.name ?? '', describeObject(object)]);
  io.stdout.write(renderTable(['KIND', 'NAMESPACE', 'NAME', 'DETAILS'], rows));
  if (parsed.defaults.length > 0) {
    io.stdout.write('\nDefaults that will be applied:\n');
    for (const applied of parsed.defaults) {
      io.stdout.write(`  ${applied.kind} "${applied.name}" ${applied.path} = ${JSON.stringify(applied.value)}\n`);
    }
  }
  io.stdout.write(`\n${parsed.objects.length} object${parsed.objects.length === 1 ? '' : 's'} valid.\n`);
}

function describeObject(object: ReturnType<typeof parseManifestTexts>['objects'][number]): string {
  switch (object.kind) {
    case 'Cluster':
      return `pods ${object.spec.clusterNetwork.pods.cidrBlocks.join(',')}, services ${object.spec.clusterNetwork.services.cidrBlocks.join(',')}`;
    case 'Machine':
      return `${object.spec.versions.controlPlane ? 'control plane' : 'worker'}, kubelet ${object.spec.versions.kubelet}`;
    case 'MachineSet':
    case 'MachineDeployment':
      return `${object.spec.replicas} replicas, kubelet ${object.spec.template.spec.versions.kubelet}`;
    case 'MachineClass':
      return String(object.providerSpec['kind'] ?? 'provider settings');
  }
}
