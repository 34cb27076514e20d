import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { clusterType, type StoredObject } from '@slipway/manager';
import type { CommandContext } from '../command-context.js';
import { openRecordedEnvironment } from '../environment/open-recorded-environment.js';
import { getCluster } from '../flows/cluster-objects.js';
import { deleteClusterFlow } from '../flows/delete-cluster-flow.js';
import { createProgressReporter } from '../progress/progress-reporter.js';
import { statePaths } from '../state/state-directory.js';
import { UsageError } from '../usage-error.js';

/**
 * `slipway delete cluster NAME`: workers, then the control plane, then the
 * cluster's infrastructure; returns when the cloud holds nothing of it.
 */
export async function deleteClusterCommand(name: string, options: { timeoutSeconds: number }, context: CommandContext): Promise<void> {
  const progress = createProgressReporter(context.io, context.clock);
  const environment = await openRecordedEnvironment(context);
  try {
    if (!(await getCluster(environment.store, name))) {
      const { items } = await environment.store.list<StoredObject>(clusterType);
      const names = items.map((cluster) => cluster.metadata.name).join(', ');
      throw new UsageError(`there is no cluster "${name}" in ${context.stateDirectory}; ${names ? `clusters there: ${names}` : 'it holds no cluster'}`);
    }
    await deleteClusterFlow({
      store: environment.store,
      clusterName: name,
      machineActuator: environment.actuators.machine,
      progress,
      clock: context.clock,
      signal: context.signal,
      timeoutMs: options.timeoutSeconds * 1000,
    });
  } finally {
    await environment.close();
  }
  await rm(join(statePaths(context.stateDirectory).kubeconfigs, `${name}.kubeconfig`), { force: true });
  context.io.stdout.write(`Cluster "${name}" deleted; the cloud holds nothing of it.\n`);
}
