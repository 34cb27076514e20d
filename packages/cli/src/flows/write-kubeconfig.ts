import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAdminKubeconfig } from '@slipway/bootstrap';
import type { Cluster } from '@slipway/core';
import { createSecretStorePort, type ObjectStore } from '@slipway/manager';
import { statePaths } from '../state/state-directory.js';

/**
 * Builds the cluster's admin kubeconfig from the CA the management side already
 * holds (no machine is contacted) and writes it, readable by its owner only,
 * to `<state-dir>/kubeconfigs/<cluster>.kubeconfig`.
 */
export async function writeAdminKubeconfig(store: ObjectStore, stateDirectory: string, cluster: Cluster): Promise<string> {
  const kubeconfig = await buildAdminKubeconfig(cluster, { secrets: createSecretStorePort(store) });
  const directory = statePaths(stateDirectory).kubeconfigs;
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const path = join(directory, `${cluster.metadata.name}.kubeconfig`);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, kubeconfig, { mode: 0o600 });
  await rename(temporary, path);
  return path;
}
