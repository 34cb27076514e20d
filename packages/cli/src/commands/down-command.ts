import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { clusterType, type StoredObject } from '@slipway/manager';
import type { CommandContext } from '../command-context.js';
import { readEnvironmentRecord, removeEnvironmentRecord } from '../environment/environment-record.js';
import { openEnvironment } from '../environment/open-environment.js';
import { getCluster } from '../flows/cluster-objects.js';
import { deleteClusterFlow } from '../flows/delete-cluster-flow.js';
import { quickstartClusterName } from '../flows/quickstart-manifests.js';
import { stopLocalCloud } from '../local-cloud/ensure-local-cloud.js';
import { createProgressReporter } from '../progress/progress-reporter.js';
import { statePaths } from '../state/state-directory.js';
import { UsageError } from '../usage-error.js';

/** `slipway down`: deletes the quickstart cluster (nothing of it left in the emulated cloud), then stops the emulated cloud. */
export async function downCommand(options: { timeoutSeconds: number; keepLocalCloud?: boolean }, context: CommandContext): Promise<void> {
  const record = (await readEnvironmentRecord(context.stateDirectory)) ?? { cloud: 'emulated', provider: 'aws' };
  if (record.cloud !== 'emulated') {
    throw new UsageError(`${context.stateDirectory} drives the real ${record.provider} cloud, which slipway down never touches; delete its clusters with slipway delete cluster NAME`);
  }
  const progress = createProgressReporter(context.io, context.clock);
  const environment = await openEnvironment(context, record);
  let deleted = false;
  let others: string[] = [];
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
    const { items } = await environment.store.list<StoredObject>(clusterType);
    others = items.map((cluster) => cluster.metadata.name ?? '');
  } finally {
    await environment.close();
  }
  // Other clusters created with `create cluster` still live in the emulated cloud: it keeps running for them.
  const stopCloud = !options.keepLocalCloud && others.length === 0;
  if (stopCloud) {
    await stopLocalCloud({ stateDirectory: context.stateDirectory, clock: context.clock });
    await removeEnvironmentRecord(context.stateDirectory);
  }
  await rm(join(statePaths(context.stateDirectory).kubeconfigs, `${quickstartClusterName}.kubeconfig`), { force: true });
  const outcome = deleted ? `Cluster "${quickstartClusterName}" deleted; the emulated cloud holds nothing of it` : `No cluster "${quickstartClusterName}" to delete`;
  const cloud = stopCloud ? '; the emulated cloud has stopped' : others.length > 0 ? `; the emulated cloud keeps running for ${others.join(', ')} (slipway delete cluster NAME)` : '';
  context.io.stdout.write(`${outcome}${cloud}.\n`);
}
