import { clusterNameLabel, type Cluster, type Machine } from '@slipway/core';
import type { SecretStorePort } from '../ports/secret-store-port.js';
import { decodeSecretValue, encodeSecretData } from '../ports/secret-data.js';
import { clusterIdentity } from '../pki/cluster-pki.js';

/**
 * Which control-plane Machine runs `kubeadm init`. Exactly one may; when
 * several control-plane Machines are created together, the first to claim the
 * Secret `<cluster>-control-plane-init` (the store's first writer wins) inits,
 * the others join as control planes.
 */
function secretName(cluster: Cluster): string {
  return `${clusterIdentity(cluster).name}-control-plane-init`;
}

/** True when `machine` is (or already was) the one to initialize the control plane. */
export async function claimControlPlaneInitialization(secrets: SecretStorePort, cluster: Cluster, machine: Machine): Promise<boolean> {
  const { namespace, name } = clusterIdentity(cluster);
  const stored = await secrets.createIfAbsent({
    namespace,
    name: secretName(cluster),
    labels: { [clusterNameLabel]: name },
    data: encodeSecretData({ 'machine-uid': machine.metadata.uid, 'machine-name': machine.metadata.name }),
  });
  return decodeSecretValue(stored.data, 'machine-uid') === machine.metadata.uid;
}

export async function initializingMachineUid(secrets: SecretStorePort, cluster: Cluster): Promise<string | undefined> {
  const stored = await secrets.get(clusterIdentity(cluster).namespace, secretName(cluster));
  return stored ? decodeSecretValue(stored.data, 'machine-uid') : undefined;
}

/** Frees the claim when its Machine goes away before the control plane is up, so another can init. */
export async function releaseControlPlaneInitialization(secrets: SecretStorePort, cluster: Cluster, machineUid: string): Promise<boolean> {
  if (cluster.status?.controlPlaneReady === true) return false;
  if ((await initializingMachineUid(secrets, cluster)) !== machineUid) return false;
  await secrets.delete(clusterIdentity(cluster).namespace, secretName(cluster));
  return true;
}
