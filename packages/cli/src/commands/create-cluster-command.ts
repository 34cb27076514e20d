import { parseManifestTexts, formatManifestIssue, type ProviderPluginV1 } from '@slipway/core';
import { clusterType } from '@slipway/manager';
import type { CommandContext } from '../command-context.js';
import { readEnvironmentRecord, writeEnvironmentRecord } from '../environment/environment-record.js';
import { openEnvironment } from '../environment/open-environment.js';
import { checkSameTarget, resolveEnvironmentTarget } from '../environment/resolve-environment-target.js';
import { machinesOfCluster } from '../flows/cluster-objects.js';
import { planCluster } from '../flows/cluster-plan.js';
import { createClusterFlow } from '../flows/create-cluster-flow.js';
import { readAddonFiles } from '../flows/read-addon-files.js';
import { machineRow, machineTableCells, machineTableHeader } from '../progress/machine-row.js';
import { createProgressReporter } from '../progress/progress-reporter.js';
import { providerOfPlan } from '../providers/provider-of-plan.js';
import { providersNamedByManifests } from '../providers/providers-named-by-manifests.js';
import { readManifestFiles } from '../read-manifest-files.js';
import { renderTable } from '../render-table.js';
import { UsageError } from '../usage-error.js';
import { withStore } from '../state/with-store.js';

export interface CreateClusterOptions {
  files: string[];
  addons: string[];
  providerConfig: string | undefined;
  bootstrapEndpoint: string | undefined;
  timeoutSeconds: number;
}

/**
 * `slipway create cluster -f ...`: everything is read and checked first
 * (manifests against core's and the provider's schemas, addons, the cloud's
 * credentials and settings) and nothing is created on invalid input; then
 * clusterctl's order. Running it again after an interruption resumes.
 */
export async function createClusterCommand(
  options: CreateClusterOptions,
  context: CommandContext,
  dependencies: { loadProviders: (names?: readonly string[]) => Promise<readonly ProviderPluginV1[]>; readStandardInput: () => Promise<string> },
): Promise<void> {
  if (!Number.isFinite(options.timeoutSeconds) || options.timeoutSeconds <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, got ${options.timeoutSeconds}`);
  }
  const texts = await readManifestFiles(options.files, dependencies.readStandardInput);
  const plugins = await dependencies.loadProviders(providersNamedByManifests(texts));
  const parsed = parseManifestTexts(texts, { providers: plugins });
  if (parsed.issues.length > 0) {
    const count = parsed.issues.length;
    throw new UsageError(
      `${count} problem${count === 1 ? '' : 's'} found; nothing was created:\n${parsed.issues.map((issue) => `  ${formatManifestIssue(issue)}`).join('\n')}`,
    );
  }
  const plan = planCluster(parsed);
  const plugin = providerOfPlan(plan, plugins);
  const addons = await readAddonFiles(options.addons);
  const target = await resolveEnvironmentTarget({
    plugin,
    bootstrapEndpoint: options.bootstrapEndpoint,
    providerConfig: options.providerConfig,
    environment: context.io.environment,
  });
  const existing = await readEnvironmentRecord(context.stateDirectory);
  if (existing) {
    const hasClusters = await withStore(context.stateDirectory, async (store) => (await store.list(clusterType)).items.length > 0);
    checkSameTarget(existing, target, context.stateDirectory, hasClusters);
  }

  const progress = createProgressReporter(context.io, context.clock);
  const clusterName = plan.cluster.metadata.name ?? '';
  progress.step(`Creating cluster ${clusterName} on ${target.cloud === 'emulated' ? `the emulated ${target.provider} cloud` : `${target.provider}; machines dial back to ${target.bootstrapEndpoint}`} (state in ${context.stateDirectory})`);
  const environment = await openEnvironment(context, target);
  try {
    // Recorded once the state directory is ours, so later commands (delete, scale, manager) drive the same cloud.
    await writeEnvironmentRecord(context.stateDirectory, target);
    const { kubeconfigPath } = await createClusterFlow({
      store: environment.store,
      stateDirectory: context.stateDirectory,
      plan,
      ...(addons !== undefined ? { addons } : {}),
      progress,
      clock: context.clock,
      signal: context.signal,
      timeoutMs: options.timeoutSeconds * 1000,
    });
    const machines = await machinesOfCluster(environment.store, clusterName);
    context.io.stdout.write(renderTable(machineTableHeader, machines.map(machineRow).map(machineTableCells)));
    context.io.stdout.write(`\nCluster "${clusterName}" is ready: ${machines.length} machine${machines.length === 1 ? '' : 's'} joined.\n`);
    context.io.stdout.write(`Admin kubeconfig: ${kubeconfigPath}\n`);
  } finally {
    await environment.close();
  }
}
