/**
 * The Machine controller: turns one Machine into one cloud instance and back.
 *
 * Order matters for crash safety: the finalizer is written before the cloud is
 * touched; `exists` is asked before every `create` (the actuator finds the
 * instance by the Machine's UID even when our status write was lost); the
 * providerID returned by `create` is persisted before anything else happens;
 * and the finalizer goes only once `delete` reports the instance gone.
 */
import {
  clusterNameOf,
  TerminalError,
  TransientError,
  type ActuatorContextV1,
  type Cluster,
  type Machine,
  type MachineActuatorResultV1,
  type MachinePhase,
  type MachineStatus,
} from '@slipway/core';
import { lazyChildLoggerV1 } from '../observability/create-logger.js';
import type { ReconcileResult } from '../runtime/controller.js';
import { ConflictError } from '../store/conflict-error.js';
import { NotFoundError } from '../store/not-found-error.js';
import { machineType, splitObjectKey } from '../store/object-types.js';
import type { ControllerContext } from './controller-context.js';
import { machineFinalizer } from './finalizers.js';

/** Machine status fields the manager adds to v1alpha1's (the status schema keeps unknown fields). */
export interface MachineStatusExtensions {
  /** The generation a recorded terminal error applies to: retries resume when the spec changes. */
  observedGeneration?: number;
  /** When the instance was first seen running with a bootstrap hook: the start of the join timeout. */
  bootstrapStartedAt?: string;
}

type ExtendedStatus = MachineStatus & MachineStatusExtensions;

const instancePendingRequeueMs = 10_000;
const missingClusterRequeueMs = 30_000;

export function createMachineReconciler(context: ControllerContext) {
  const { store, informers, clock, events } = context;

  function actuatorContext(signal: AbortSignal, machine: Machine): ActuatorContextV1 {
    return {
      signal,
      clock,
      logger: lazyChildLoggerV1(context.logger, () => ({ machine: `${machine.metadata.namespace}/${machine.metadata.name}` })),
    };
  }

  /** Writes status; returns the stored Machine. A status that would not change is not written. */
  async function writeStatus(machine: Machine, change: (status: ExtendedStatus) => ExtendedStatus): Promise<Machine> {
    const current = (machine.status ?? {}) as ExtendedStatus;
    const next = change(structuredClone(current) as ExtendedStatus);
    if (next.phase !== current.phase) next.lastUpdated = new Date(clock.now()).toISOString();
    return store.updateStatus<Machine>({ ...machine, status: next });
  }

  /** Re-reads from the store (not the cache) and applies `change` until it sticks. */
  async function updateWithRetry(machine: Machine, change: (machine: Machine) => Machine): Promise<Machine> {
    let current = machine;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await store.update<Machine>(change(structuredClone(current) as Machine));
      } catch (error) {
        if (!ConflictError.isInstance(error) || attempt >= 20) throw error;
        const fresh = await store.get<Machine>(machineType, current.metadata.namespace ?? 'default', current.metadata.name ?? '');
        if (fresh === undefined || fresh.metadata.uid !== machine.metadata.uid) {
          throw new NotFoundError(`Machine ${machine.metadata.namespace}/${machine.metadata.name}`, 'it was deleted meanwhile');
        }
        current = fresh;
      }
    }
  }

  async function recordTerminal(machine: Machine, error: TerminalError): Promise<void> {
    await writeStatus(machine, (status) => ({
      ...status,
      phase: 'Failed',
      errorReason: error.reason,
      errorMessage: error.message,
      observedGeneration: machine.metadata.generation ?? 1,
    }));
    await events.record(machine, { type: 'Warning', reason: error.reason, message: error.message });
  }

  /** Says so while a Machine waits for its Cluster (an unset phase means the same; this saves no write in the usual case). */
  async function markPending(machine: Machine): Promise<void> {
    if (machine.status?.phase === undefined) await writeStatus(machine, (status) => ({ ...status, phase: 'Pending' }));
  }

  async function reconcileDelete(machine: Machine, cluster: Cluster | undefined, signal: AbortSignal): Promise<ReconcileResult | void> {
    if (!(machine.metadata.finalizers ?? []).includes(machineFinalizer)) return;
    if (context.nodeName !== undefined && machine.status?.nodeRef?.name === context.nodeName) {
      // Deleting the instance the manager runs on would kill the manager mid-delete.
      await events.record(machine, {
        type: 'Warning',
        reason: 'DeleteRefused',
        message: `not deleting the instance of node ${context.nodeName}: this manager runs on it; move the manager first`,
      });
      return;
    }
    if (cluster === undefined) {
      await events.record(machine, {
        type: 'Warning',
        reason: 'ClusterMissing',
        message: `cannot delete the instance: Cluster ${clusterNameOf(machine) ?? '(no cluster-name label)'} is not in the store`,
      });
      return { requeueAfterMs: missingClusterRequeueMs };
    }
    let current = machine;
    if (current.status?.phase !== 'Deleting') current = await writeStatus(current, (status) => ({ ...status, phase: 'Deleting' }));
    try {
      if (context.bootstrapHook !== undefined) await context.bootstrapHook.machineDeleted({ cluster, machine: current }, { signal });
      const result = await context.machineActuator.delete({ cluster, machine: current }, actuatorContext(signal, current));
      if (!result.gone) return { requeueAfterMs: result.requeueAfterMs ?? 1_000 };
    } catch (error) {
      await events.record(current, { type: 'Warning', reason: 'DeleteFailed', message: messageOf(error) });
      throw error;
    }
    await updateWithRetry(current, (latest) => ({
      ...latest,
      metadata: { ...latest.metadata, finalizers: (latest.metadata.finalizers ?? []).filter((name) => name !== machineFinalizer) },
    }));
  }

  function phaseFor(machine: Machine, result: { instanceState?: string }): MachinePhase {
    if (result.instanceState === 'running') {
      if (context.bootstrapHook === undefined) return 'Running';
      return machine.status?.bootstrap?.phase === 'NodeRegistered' ? 'Running' : 'Provisioned';
    }
    if (result.instanceState === 'pending' || result.instanceState === undefined || result.instanceState === 'unknown') return 'Provisioning';
    return 'Failed';
  }

  async function recordResult(
    machine: Machine,
    result: MachineActuatorResultV1,
    tokenExpiresAt?: string,
  ): Promise<ReconcileResult | void> {
    const phase = phaseFor(machine, result);
    const now = clock.now();
    const updated = await writeStatus(machine, (status) => {
      const next: ExtendedStatus = { ...status, phase, addresses: result.addresses };
      if (tokenExpiresAt !== undefined) next.bootstrap = { ...next.bootstrap, tokenExpiresAt };
      if (result.providerStatus !== undefined) next.providerStatus = result.providerStatus;
      else delete next.providerStatus;
      delete next.errorReason;
      delete next.errorMessage;
      delete next.observedGeneration;
      if (phase === 'Running') next.nodeRef = { kind: 'Node', name: machine.metadata.name ?? '' };
      if (phase === 'Provisioned' && next.bootstrapStartedAt === undefined) next.bootstrapStartedAt = new Date(now).toISOString();
      if (phase === 'Failed') {
        next.errorReason = 'UpdateError';
        next.errorMessage = `the instance ${result.providerID} is ${result.instanceState}; the MachineSet replaces failed machines`;
        next.observedGeneration = machine.metadata.generation ?? 1;
      }
      return next;
    });
    if (phase === 'Provisioning') return { requeueAfterMs: instancePendingRequeueMs };
    if (phase === 'Provisioned') {
      const startedAt = Date.parse((updated.status as ExtendedStatus | undefined)?.bootstrapStartedAt ?? '') || now;
      const remaining = startedAt + context.bootstrapTimeoutMs - now;
      if (remaining <= 0) {
        const failure = machine.status?.bootstrap?.failure;
        await recordTerminal(
          updated,
          new TerminalError(
            'JoinClusterTimeout',
            `the machine did not register its node within ${Math.round(context.bootstrapTimeoutMs / 1000)} s` +
              (failure === undefined ? '' : `; its bootstrap failed in phase ${failure.phase} with exit code ${failure.exitCode}`),
          ),
        );
        return;
      }
      return { requeueAfterMs: remaining };
    }
  }

  return async function reconcileMachine(key: string, signal: AbortSignal): Promise<ReconcileResult | void> {
    const { namespace, name } = splitObjectKey(key);
    let machine = informers.machines.get(namespace, name);
    if (machine === undefined) return;
    const clusterName = clusterNameOf(machine);
    const cluster = clusterName === undefined ? undefined : informers.clusters.get(namespace, clusterName);

    if (machine.metadata.deletionTimestamp !== undefined) return reconcileDelete(machine, cluster, signal);

    if (!(machine.metadata.finalizers ?? []).includes(machineFinalizer)) {
      machine = await updateWithRetry(machine, (latest) => ({
        ...latest,
        metadata: { ...latest.metadata, finalizers: [...(latest.metadata.finalizers ?? []), machineFinalizer] },
      }));
    }
    const status = (machine.status ?? {}) as ExtendedStatus;
    if (status.errorReason !== undefined && status.observedGeneration === (machine.metadata.generation ?? 1)) return;
    if (clusterName === undefined) {
      await recordTerminal(
        machine,
        new TerminalError(
          'InvalidConfiguration',
          'metadata.labels["cluster.k8s.io/cluster-name"] is missing: add the label naming the Cluster this Machine belongs to',
        ),
      );
      return;
    }
    if (cluster === undefined) {
      await markPending(machine);
      return { requeueAfterMs: missingClusterRequeueMs };
    }
    if (cluster.metadata.deletionTimestamp !== undefined && machine.spec.providerID === undefined) return;
    // The cluster's infrastructure (and PKI) come first; its status change enqueues this Machine again.
    if (cluster.status?.infrastructureReady !== true) {
      await markPending(machine);
      return;
    }

    const actuator = context.machineActuator;
    try {
      const found = await actuator.exists({ cluster, machine }, actuatorContext(signal, machine));
      if (found.exists) {
        const result = await actuator.update({ cluster, machine }, actuatorContext(signal, machine));
        if (machine.spec.providerID !== result.providerID) {
          machine = await updateWithRetry(machine, (latest) => ({ ...latest, spec: { ...latest.spec, providerID: result.providerID } }));
        }
        return await recordResult(machine, result);
      }
      if (machine.spec.providerID !== undefined && machine.status?.phase !== undefined && machine.status.phase !== 'Pending') {
        throw new TerminalError(
          'UpdateError',
          `the instance ${machine.spec.providerID} no longer exists in the cloud; the MachineSet replaces failed machines`,
        );
      }
      const bootstrapData =
        context.bootstrapHook === undefined
          ? { userData: '' }
          : await context.bootstrapHook.bootstrapData({ cluster, machine }, { signal });
      const result = await actuator.create({ cluster, machine, bootstrapData }, actuatorContext(signal, machine));
      // Persist the providerID before anything else: a lost write here is the
      // one that could otherwise lead to a second instance.
      machine = await updateWithRetry(machine, (latest) => ({ ...latest, spec: { ...latest.spec, providerID: result.providerID } }));
      return await recordResult(machine, result, bootstrapData.tokenExpiresAt);
    } catch (error) {
      if (TerminalError.isInstance(error)) {
        const latest = informers.machines.get(namespace, name) ?? machine;
        await recordTerminal(latest, error);
        return;
      }
      if (!ConflictError.isInstance(error) && !NotFoundError.isInstance(error)) {
        await events.record(machine, {
          type: 'Warning',
          reason: TransientError.isInstance(error) ? 'TransientError' : 'ReconcileError',
          message: messageOf(error),
        });
      }
      throw error;
    }
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
