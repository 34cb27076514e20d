import { clusterNameOf, isControlPlaneMachine, type Cluster, type Machine, type MachineClass, type MachineDeployment, type MachineSet, type ParsedManifests } from '@slipway/core';
import { UsageError } from '../usage-error.js';

/** What `create cluster` will create, sorted into clusterctl's order. */
export interface ClusterPlan {
  cluster: Cluster;
  machineClasses: MachineClass[];
  controlPlaneMachines: Machine[];
  workerMachines: Machine[];
  machineSets: MachineSet[];
  machineDeployments: MachineDeployment[];
  /** Workers the plan ends with: worker Machines plus every set's and deployment's replicas. */
  expectedWorkers: number;
}

export function planCluster(parsed: ParsedManifests): ClusterPlan {
  if (parsed.clusters.length !== 1) {
    throw new UsageError(
      parsed.clusters.length === 0
        ? 'the manifests declare no Cluster: pass the file with the Cluster (-f cluster.yaml) along with the machines'
        : `the manifests declare ${parsed.clusters.length} Clusters (${parsed.clusters.map((cluster) => cluster.metadata.name).join(', ')}); create one cluster at a time`,
    );
  }
  const cluster = parsed.clusters[0] as Cluster;
  const name = cluster.metadata.name ?? '';
  const belongs = (object: { metadata: Machine['metadata'] }, kind: string) => {
    const owner = clusterNameOf(object);
    if (owner !== name) {
      throw new UsageError(
        `${kind} "${object.metadata.name}" ${owner ? `belongs to cluster "${owner}"` : 'has no cluster.k8s.io/cluster-name label'}; label it cluster.k8s.io/cluster-name: ${name}`,
      );
    }
  };
  parsed.machines.forEach((machine) => belongs(machine, 'Machine'));
  parsed.machineSets.forEach((set) => belongs(set, 'MachineSet'));
  parsed.machineDeployments.forEach((deployment) => belongs(deployment, 'MachineDeployment'));
  const controlPlaneMachines = parsed.machines.filter(isControlPlaneMachine);
  if (controlPlaneMachines.length === 0) {
    throw new UsageError('the manifests declare no control-plane Machine (a Machine with spec.versions.controlPlane); a cluster needs at least one');
  }
  for (const set of [...parsed.machineSets, ...parsed.machineDeployments]) {
    if (isControlPlaneMachine(set.spec.template)) {
      throw new UsageError(`${set.kind} "${set.metadata.name}" stamps control-plane machines; declare control-plane machines as Machines`);
    }
  }
  const workerMachines = parsed.machines.filter((machine) => !isControlPlaneMachine(machine));
  const expectedWorkers =
    workerMachines.length +
    parsed.machineSets.reduce((sum, set) => sum + set.spec.replicas, 0) +
    parsed.machineDeployments.reduce((sum, deployment) => sum + deployment.spec.replicas, 0);
  return {
    cluster,
    machineClasses: parsed.machineClasses,
    controlPlaneMachines,
    workerMachines,
    machineSets: parsed.machineSets,
    machineDeployments: parsed.machineDeployments,
    expectedWorkers,
  };
}
