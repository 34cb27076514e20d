import { storeClusterAddons } from '@slipway/bootstrap';
import { isControlPlaneMachine, type ClockV1, type Cluster } from '@slipway/core';
import { createSecretStorePort, type ObjectStore } from '@slipway/manager';
import type { ProgressReporter } from '../progress/progress-reporter.js';
import { applyObject } from './apply-object.js';
import type { ClusterPlan } from './cluster-plan.js';
import { getCluster } from './cluster-objects.js';
import { MachineFailureError } from './machine-failure-error.js';
import { waitForMachines } from './wait-for-machines.js';
import { writeAdminKubeconfig } from './write-kubeconfig.js';

export interface CreateClusterOptions {
  store: ObjectStore;
  stateDirectory: string;
  plan: ClusterPlan;
  addons?: string;
  progress: ProgressReporter;
  clock: ClockV1;
  signal: AbortSignal;
  /** Per stage: infrastructure, control plane, workers. */
  timeoutMs: number;
}

/**
 * clusterctl's order: the cluster and its infrastructure, the control-plane
 * machines, wait until the control plane is ready, the kubeconfig, the addons
 * (handed to the first control-plane machine at its join), then the workers.
 * Every object is created only if absent, so a run that was interrupted (even
 * by kill -9) resumes where it stopped when run again.
 */
export async function createClusterFlow(options: CreateClusterOptions): Promise<{ kubeconfigPath: string }> {
  const { store, plan, progress, clock, signal } = options;
  const clusterName = plan.cluster.metadata.name ?? '';

  progress.step(`Cluster ${clusterName}: infrastructure (network, security groups, API load balancer)`);
  if (options.addons !== undefined) await storeClusterAddons(createSecretStorePort(store), plan.cluster, options.addons);
  await applyObject(store, plan.cluster);
  for (const machineClass of plan.machineClasses) await applyObject(store, machineClass);
  const cluster = await waitForInfrastructure(store, clusterName, clock, signal, options.timeoutMs);

  progress.step(`Control plane: ${plan.controlPlaneMachines.length} machine${plan.controlPlaneMachines.length === 1 ? '' : 's'}`);
  for (const machine of plan.controlPlaneMachines) await applyObject(store, machine);
  await waitForMachines({
    store,
    clusterName,
    include: isControlPlaneMachine,
    expected: plan.controlPlaneMachines.length,
    progress,
    clock,
    signal,
    timeoutMs: options.timeoutMs,
    description: 'the control plane',
  });

  const kubeconfigPath = await writeAdminKubeconfig(store, options.stateDirectory, (await getCluster(store, clusterName)) ?? cluster);
  progress.step(`Admin kubeconfig written to ${kubeconfigPath}`);

  progress.step(`Workers: ${plan.expectedWorkers} machine${plan.expectedWorkers === 1 ? '' : 's'}`);
  for (const machine of plan.workerMachines) await applyObject(store, machine);
  for (const set of plan.machineSets) await applyObject(store, set);
  for (const deployment of plan.machineDeployments) await applyObject(store, deployment);
  await waitForMachines({
    store,
    clusterName,
    include: (machine) => !isControlPlaneMachine(machine),
    expected: plan.expectedWorkers,
    progress,
    clock,
    signal,
    timeoutMs: options.timeoutMs,
    description: 'the workers',
  });
  progress.finish();
  return { kubeconfigPath };
}

async function waitForInfrastructure(store: ObjectStore, name: string, clock: ClockV1, signal: AbortSignal, timeoutMs: number): Promise<Cluster> {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    signal.throwIfAborted();
    const cluster = await getCluster(store, name);
    if (cluster?.status?.errorReason) {
      throw new MachineFailureError(`cluster ${name} infrastructure failed: ${cluster.status.errorReason}: ${cluster.status.errorMessage ?? ''}`, undefined);
    }
    if (cluster && (cluster.status?.apiEndpoints?.length ?? 0) > 0) return cluster;
    if (clock.now() >= deadline) throw new MachineFailureError(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for cluster ${name} infrastructure`, undefined);
    await clock.sleep(400, signal);
  }
}
