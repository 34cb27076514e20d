import { clusterNameLabel, type Cluster, type Machine } from '@slipway/core';
import { clusterType, machineType, type ObjectStore } from '@slipway/manager';

/** The stored Machines of a cluster (by the cluster-name label), in name order. */
export async function machinesOfCluster(store: ObjectStore, clusterName: string, namespace = 'default'): Promise<Machine[]> {
  const { items } = await store.list<Machine>(machineType, { namespace, labelSelector: { matchLabels: { [clusterNameLabel]: clusterName } } });
  return items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

export async function getCluster(store: ObjectStore, name: string, namespace = 'default'): Promise<Cluster | undefined> {
  return store.get<Cluster>(clusterType, namespace, name);
}

/** A Machine counts as ready when its node registered: phase Running with a nodeRef. */
export function isMachineReady(machine: Machine): boolean {
  return machine.status?.phase === 'Running' && machine.status.nodeRef !== undefined && !machine.metadata.deletionTimestamp;
}
