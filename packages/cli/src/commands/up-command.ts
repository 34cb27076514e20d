import { awsProviderPlugin } from '@slipway/provider-aws';
import type { CommandContext } from '../command-context.js';
import { openLocalEnvironment } from '../environment/local-environment.js';
import { planCluster } from '../flows/cluster-plan.js';
import { machinesOfCluster } from '../flows/cluster-objects.js';
import { createClusterFlow } from '../flows/create-cluster-flow.js';
import { loadQuickstartManifests, quickstartClusterName } from '../flows/quickstart-manifests.js';
import { machineRow, machineTableCells, machineTableHeader } from '../progress/machine-row.js';
import { createProgressReporter } from '../progress/progress-reporter.js';
import { renderTable } from '../render-table.js';
import { UsageError } from '../usage-error.js';

/** Providers whose cloud the quickstart can emulate on this machine. */
export const quickstartProviders = ['aws'] as const;

export interface UpOptions {
  provider: string;
  workers: number;
  timeoutSeconds: number;
}

/**
 * `slipway up`: the whole path on one machine with no credentials — the
 * embedded store, an emulated cloud, the node-authorization service — and a
 * cluster of one control-plane machine and N workers whose machines really boot
 * their user data and join. Running it again resumes the same cluster.
 */
export async function upCommand(options: UpOptions, context: CommandContext): Promise<void> {
  if (!(quickstartProviders as readonly string[]).includes(options.provider)) {
    throw new UsageError(`the quickstart has no emulated cloud for provider "${options.provider}"; available: ${quickstartProviders.join(', ')}`);
  }
  if (!Number.isInteger(options.workers) || options.workers < 0 || options.workers > 50) {
    throw new UsageError(`--workers must be a whole number from 0 to 50, got ${options.workers}`);
  }
  const progress = createProgressReporter(context.io, context.clock);
  const parsed = await loadQuickstartManifests({ workers: options.workers, providers: [awsProviderPlugin] });
  const plan = planCluster(parsed);
  progress.step(`Starting the embedded store, the emulated cloud and the node-authorization service (state in ${context.stateDirectory})`);
  const environment = await openLocalEnvironment(context);
  try {
    progress.step(`Emulated EC2 at ${environment.cloud.endpoint}; node-authorization service at ${environment.nodeAuthorization.url}`);
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
