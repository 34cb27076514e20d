import type { MachineDeployment } from '@slipway/core';
import { clusterType, machineDeploymentType } from '@slipway/manager';
import { awsProviderPlugin } from '@slipway/provider-aws';
import type { CommandContext } from '../command-context.js';
import { readEnvironmentRecord, writeEnvironmentRecord, type EnvironmentRecord } from '../environment/environment-record.js';
import { openEnvironment } from '../environment/open-environment.js';
import { checkSameTarget, emulatedProviders } from '../environment/resolve-environment-target.js';
import { planCluster } from '../flows/cluster-plan.js';
import { machinesOfCluster } from '../flows/cluster-objects.js';
import { createClusterFlow } from '../flows/create-cluster-flow.js';
import { loadQuickstartManifests, quickstartClusterName } from '../flows/quickstart-manifests.js';
import { machineRow, machineTableCells, machineTableHeader } from '../progress/machine-row.js';
import { createProgressReporter } from '../progress/progress-reporter.js';
import { renderTable } from '../render-table.js';
import { UsageError } from '../usage-error.js';
import { withStore } from '../state/with-store.js';

export interface UpOptions {
  provider: string;
  workers: number;
  /** False when --workers was left at its default: a resumed cluster then keeps the worker count it was scaled to. */
  workersGiven: boolean;
  timeoutSeconds: number;
}

/**
 * `slipway up`: the whole path on one machine with no credentials — the
 * embedded store, an emulated cloud, the node-authorization service — and a
 * cluster of one control-plane machine and N workers whose machines really boot
 * their user data and join. Running it again resumes the same cluster.
 */
export async function upCommand(options: UpOptions, context: CommandContext): Promise<void> {
  if (!emulatedProviders.includes(options.provider)) {
    throw new UsageError(`the quickstart has no emulated cloud for provider "${options.provider}"; available: ${emulatedProviders.join(', ')}`);
  }
  if (!Number.isInteger(options.workers) || options.workers < 0 || options.workers > 50) {
    throw new UsageError(`--workers must be a whole number from 0 to 50, got ${options.workers}`);
  }
  if (!Number.isFinite(options.timeoutSeconds) || options.timeoutSeconds <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, got ${options.timeoutSeconds}`);
  }
  const target: EnvironmentRecord = { cloud: 'emulated', provider: options.provider };
  const existing = await readEnvironmentRecord(context.stateDirectory);
  if (existing) {
    const hasClusters = await withStore(context.stateDirectory, async (store) => (await store.list(clusterType)).items.length > 0);
    checkSameTarget(existing, target, context.stateDirectory, hasClusters);
  }
  const progress = createProgressReporter(context.io, context.clock);
  progress.step(`Starting the embedded store, the emulated cloud and the node-authorization service (state in ${context.stateDirectory})`);
  const environment = await openEnvironment(context, target);
  try {
    // Recorded once the state directory is ours, so later commands (delete, scale, manager) drive the same cloud.
    await writeEnvironmentRecord(context.stateDirectory, target);
    progress.step(`Emulated EC2 at ${environment.cloud?.endpoint}; node-authorization service at ${environment.nodeAuthorization.url}`);
    let workers = options.workers;
    if (!options.workersGiven) {
      const deployments = await environment.store.list<MachineDeployment>(machineDeploymentType);
      const scaled = deployments.items.find((deployment) => deployment.metadata.labels?.['cluster.k8s.io/cluster-name'] === quickstartClusterName);
      if (scaled) workers = scaled.spec.replicas;
    }
    const plan = planCluster(await loadQuickstartManifests({ workers, providers: [awsProviderPlugin] }));
    const { kubeconfigPath } = await createClusterFlow({
      store: environment.store,
      stateDirectory: context.stateDirectory,
      plan,
      progress,
      clock: context.clock,
      signal: context.signal,
      timeoutMs: options.timeoutSeconds * 1000,
    });
    const machines = await machinesOfCluster(environment.store, quickstartClusterName);
    context.io.stdout.write(renderTable(machineTableHeader, machines.map(machineRow).map(machineTableCells)));
    context.io.stdout.write(`\nCluster "${quickstartClusterName}" is up: ${machines.length} machines joined without ssh.\n`);
    context.io.stdout.write(`Admin kubeconfig: ${kubeconfigPath}\n`);
    context.io.stdout.write('Next: slipway get machines · slipway describe machine NAME · slipway down\n');
  } finally {
    await environment.close();
  }
}
