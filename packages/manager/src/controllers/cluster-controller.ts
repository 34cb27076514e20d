/**
 * The Cluster controller: finalizer, PKI through the bootstrap hook, the
 * cluster's cloud infrastructure through `ClusterActuator.reconcile`, and on
 * delete: wait until every Machine of the cluster is gone, then
 * `ClusterActuator.delete`, then drop the finalizer.
 */
import { isControlPlaneMachine, TerminalError, type ActuatorContextV1, type Cluster } from '@slipway/core';
import { lazyChildLoggerV1 } from '../observability/create-logger.js';
import type { ReconcileResult } from '../runtime/controller.js';
import { ConflictError } from '../store/conflict-error.js';
import { clusterType, splitObjectKey } from '../store/object-types.js';
import type { ControllerContext } from './controller-context.js';
import { clusterFinalizer } from './finalizers.js';
import { clusterIndex } from './object-indexes.js';

export function createClusterReconciler(context: ControllerContext) {
  const { store, informers, clock, events } = context;

  function actuatorContext(signal: AbortSignal, cluster: Cluster): ActuatorContextV1 {
    return { signal, clock, logger: lazyChildLoggerV1(context.logger, () => ({ cluster: `${cluster.metadata.namespace}/${cluster.metadata.name}` })) };
  }

  async function updateWithRetry(cluster: Cluster, change: (cluster: Cluster) => Cluster): Promise<Cluster> {
    let current = cluster;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await store.update<Cluster>(change(structuredClone(current) as Cluster));
      } catch (error) {
        if (!ConflictError.isInstance(error) || attempt >= 20) throw error;
        const fresh = await store.get<Cluster>(clusterType, current.metadata.namespace ?? 'default', current.metadata.name ?? '');
        if (fresh === undefined) throw error;
        current = fresh;
      }
    }
  }

  return async function reconcileCluster(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitObjectKey(key);
    let cluster = informers.clusters.get(namespace, name);
    if (cluster === undefined) return;
    const machines = informers.machines.byIndex(clusterIndex, `${namespace}/${name}`);

    if (cluster.metadata.deletionTimestamp !== undefined) {
      if (!(cluster.metadata.finalizers ?? []).includes(clusterFinalizer)) return;
      // Machine deletions enqueue this cluster again; no polling needed.
      if (machines.length > 0) return;
      try {
        const result = await context.clusterActuator.delete({ cluster }, actuatorContext(signal, cluster));
        if (!result.gone) return { requeueAfterMs: result.requeueAfterMs ?? 5_000 };
      } catch (error) {
        await events.record(cluster, { type: 'Warning', reason: 'DeleteFailed', message: messageOf(error) });
        throw error;
      }
      await updateWithRetry(cluster, (latest) => ({
        ...latest,
        metadata: { ...latest.metadata, finalizers: (latest.metadata.finalizers ?? []).filter((finalizer) => finalizer !== clusterFinalizer) },
      }));
      return;
    }

    if (!(cluster.metadata.finalizers ?? []).includes(clusterFinalizer)) {
      cluster = await updateWithRetry(cluster, (latest) => ({
        ...latest,
        metadata: { ...latest.metadata, finalizers: [...(latest.metadata.finalizers ?? []), clusterFinalizer] },
      }));
    }
    const recorded = cluster.status as (Cluster['status'] & { observedGeneration?: number }) | undefined;
    if (recorded?.errorReason !== undefined && recorded.observedGeneration === (cluster.metadata.generation ?? 1)) return;
    try {
      if (context.bootstrapHook !== undefined) await context.bootstrapHook.ensureClusterPki({ cluster }, { signal });
      const result = await context.clusterActuator.reconcile({ cluster }, actuatorContext(signal, cluster));
      const status: NonNullable<Cluster['status']> = {
        ...cluster.status,
        apiEndpoints: result.apiEndpoints,
        infrastructureReady: true,
        controlPlaneReady: machines.some((machine) => isControlPlaneMachine(machine) && machine.status?.nodeRef !== undefined),
      };
      if (result.providerStatus !== undefined) status.providerStatus = result.providerStatus;
      delete status.errorReason;
      delete status.errorMessage;
      delete (status as { observedGeneration?: number }).observedGeneration;
      if (JSON.stringify(status) !== JSON.stringify(cluster.status ?? {})) {
        await store.updateStatus<Cluster>({ ...cluster, status });
      }
    } catch (error) {
      if (TerminalError.isInstance(error)) {
        // Retrying will not help: say why on the Cluster and wait for someone to change it.
        const latest = informers.clusters.get(namespace, name) ?? cluster;
        await store.updateStatus<Cluster>({
          ...latest,
          status: { ...latest.status, errorReason: error.reason, errorMessage: error.message, observedGeneration: latest.metadata.generation ?? 1 },
        });
        await events.record(latest, { type: 'Warning', reason: error.reason, message: error.message });
        return;
      }
      if (!ConflictError.isInstance(error)) {
        await events.record(cluster, { type: 'Warning', reason: 'ReconcileFailed', message: messageOf(error) });
      }
      throw error;
    }
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
