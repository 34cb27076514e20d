import { buildAdminKubeconfig } from '@slipway/bootstrap';
import type { Cluster } from '@slipway/core';
import { clusterType, createSecretStorePort, type StoredObject } from '@slipway/manager';
import type { CommandContext } from '../command-context.js';
import { UsageError } from '../usage-error.js';
import { withStore } from '../state/with-store.js';

/**
 * `slipway get kubeconfig CLUSTER`: the cluster's admin kubeconfig on standard
 * output, built from the CA the management side holds (no machine contacted).
 */
export async function getKubeconfigCommand(name: string | undefined, context: CommandContext): Promise<void> {
  if (!name) throw new UsageError('name the cluster: slipway get kubeconfig CLUSTER (slipway get clusters lists them)');
  const kubeconfig = await withStore(context.stateDirectory, async (store) => {
    const cluster = await store.get<Cluster>(clusterType, 'default', name);
    if (!cluster) {
      const { items } = await store.list<StoredObject>(clusterType);
      const names = items.map((item) => item.metadata.name).sort();
      throw new UsageError(`there is no cluster "${name}" in ${context.stateDirectory}; ${names.length ? `clusters there: ${names.join(', ')}` : 'it holds no cluster'}`);
    }
    if (!cluster.status?.apiEndpoints?.length) {
      throw new UsageError(`cluster "${name}" has no API endpoint yet; wait until its infrastructure is ready (slipway describe cluster ${name}), then run this again`);
    }
    return buildAdminKubeconfig(cluster, { secrets: createSecretStorePort(store) });
  });
  context.io.stdout.write(kubeconfig.endsWith('\n') ? kubeconfig : `${kubeconfig}\n`);
}
