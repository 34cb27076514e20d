import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { openLocalEnvironment } from '../environment/local-environment.js';
import { getCluster } from '../flows/cluster-objects.js';
import { deleteClusterFlow } from '../flows/delete-cluster-flow.js';
import { quickstartClusterName } from '../flows/quickstart-manifests.js';
import { stopLocalCloud } from '../local-cloud/ensure-local-cloud.js';
import { createProgressReporter } from '../progress/progress-reporter.js';
import { statePaths } from '../state/state-directory.js';

/** `slipway down`: deletes the quickstart cluster (nothing of it left in the emulated cloud), then stops the emulated cloud. */
export async function downCommand(options: { timeoutSeconds: number; keepLocalCloud?: boolean }, context: CommandContext): Promise<void> {
  const progress = createProgressReporter(context.io, context.clock);
  const environment = await openLocalEnvironment(context);
  let deleted = false;
  try {
    if (await getCluster(environment.store, quickstartClusterName)) {
      await deleteClusterFlow({
        store: environment.store,
        clusterName: quickstartClusterName,
        machineActuator: environment.actuators.machine,
        progress,
        clock: context.clock,
        signal: context.signal,
        timeoutMs: options.timeoutSeconds * 1000,
      });
      deleted = true;
    }
  } finally {
    await environment.close();
  }
  if (!options.keepLocalCloud) await stopLocalCloud({ stateDirectory: context.stateDirectory, clock: context.clock });
  await rm(join(statePaths(context.stateDirectory).kubeconfigs, `${quickstartClusterName}.kubeconfig`), { force: true });
  context.io.stdout.write(
    `${deleted ? `Cluster "${quickstartClusterName}" deleted; the emulated cloud holds nothing of it` : `No cluster "${quickstartClusterName}" to delete`}${options.keepLocalCloud ? '' : '; the emulated cloud has stopped'}.\n`,
  );
}
