/**
 * The MachineSet controller: keeps `replicas` Machines matching the selector,
 * adopting orphans that match and deleting surplus by the delete policy.
 *
 * It never overshoots: the store acknowledges a write only after watchers (and
 * so the informer this controller reads) have seen it, and one key is never
 * reconciled twice at once, so the next reconcile always counts what the
 * previous one created or deleted.
 */
import { clusterNameLabel, isEmptyLabelSelector, matchesLabelSelector, type Machine, type MachineSet } from '@slipway/core';
import type { ReconcileResult } from '../runtime/controller.js';
import { NotFoundError } from '../store/not-found-error.js';
import { machineType, splitObjectKey } from '../store/object-types.js';
import type { ControllerContext } from './controller-context.js';
import { isFailedMachine, selectMachinesToDelete } from './machine-deletion-order.js';
import { controllerIndex, orphanIndex } from './object-indexes.js';

/** The most Machines one pass creates or deletes. */
const burstReplicas = 250;

export function isMachineReady(machine: Machine): boolean {
  return machine.status?.nodeRef !== undefined && machine.status.phase === 'Running' && !isFailedMachine(machine);
}

export function createMachineSetReconciler(context: ControllerContext) {
  const { store, informers, clock, events } = context;

  async function writeStatus(machineSet: MachineSet, status: NonNullable<MachineSet['status']>): Promise<void> {
    await store.updateStatus<MachineSet>({ ...machineSet, status: { ...machineSet.status, ...status } });
  }

  return async function reconcileMachineSet(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitObjectKey(key);
    const machineSet = informers.machineSets.get(namespace, name);
    if (machineSet === undefined || machineSet.metadata.deletionTimestamp !== undefined) return;
    const uid = machineSet.metadata.uid ?? '';
    const { selector, template, replicas } = machineSet.spec;
    const templateLabels = template.metadata?.labels ?? {};
    if (isEmptyLabelSelector(selector) || !matchesLabelSelector(selector, templateLabels)) {
      const message = isEmptyLabelSelector(selector)
        ? 'spec.selector is empty and would select every Machine: add matchLabels'
        : 'spec.template.metadata.labels must match spec.selector, or the MachineSet would never see the Machines it creates';
      if (machineSet.status?.errorMessage !== message) {
        await writeStatus(machineSet, { errorReason: 'InvalidConfiguration', errorMessage: message, observedGeneration: machineSet.metadata.generation ?? 1 });
        await events.record(machineSet, { type: 'Warning', reason: 'InvalidConfiguration', message });
      }
      return;
    }

    // Adopt orphans that match, as a ReplicaSet does.
    for (const orphan of informers.machines.byIndex(orphanIndex, namespace)) {
      if (orphan.metadata.deletionTimestamp !== undefined || !matchesLabelSelector(selector, orphan.metadata.labels)) continue;
      await store.update<Machine>({
        ...orphan,
        metadata: {
          ...orphan.metadata,
          ownerReferences: [
            ...(orphan.metadata.ownerReferences ?? []),
            { apiVersion: machineSet.apiVersion, kind: 'MachineSet', name, uid, controller: true, blockOwnerDeletion: true },
          ],
        },
      });
    }

    const owned = informers.machines.byIndex(controllerIndex, uid);
    const active = owned.filter((machine) => machine.metadata.deletionTimestamp === undefined);
    const difference = active.length - replicas;
    let more = false;
    if (difference < 0) {
      // At most `burstReplicas` per pass (as Kubernetes' ReplicaSet controller does),
      // so one large MachineSet cannot flood the store and the other controllers.
      const count = Math.min(-difference, burstReplicas);
      more = count < -difference;
      const creations: Promise<Machine>[] = [];
      for (let index = 0; index < count; index += 1) creations.push(store.create<Machine>(newMachine(machineSet)));
      const results = await Promise.allSettled(creations);
      const failure = results.find((result) => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
    } else if (difference > 0) {
      const count = Math.min(difference, burstReplicas);
      more = count < difference;
      const victims = selectMachinesToDelete(active, count, machineSet.spec.deletePolicy);
      const results = await Promise.allSettled(
        victims.map((victim) =>
          store.delete(machineType, namespace, victim.metadata.name ?? '', { uid: victim.metadata.uid ?? '' }),
        ),
      );
      const failure = results.find((result) => result.status === 'rejected' && !NotFoundError.isInstance(result.reason));
      if (failure !== undefined) throw (failure as PromiseRejectedResult).reason;
    }

    // Status, from what the informer now holds (it has seen the writes above).
    const now = clock.now();
    const current = informers.machines.byIndex(controllerIndex, uid).filter((machine) => machine.metadata.deletionTimestamp === undefined);
    let ready = 0;
    let available = 0;
    let nextAvailableInMs: number | undefined;
    for (const machine of current) {
      if (!isMachineReady(machine)) continue;
      ready += 1;
      const readySince = Date.parse(machine.status?.lastUpdated ?? '') || now;
      const availableAt = readySince + machineSet.spec.minReadySeconds * 1000;
      if (availableAt <= now) available += 1;
      else nextAvailableInMs = Math.min(nextAvailableInMs ?? Infinity, availableAt - now);
    }
    const status: NonNullable<MachineSet['status']> = {
      replicas: current.length,
      fullyLabeledReplicas: current.filter((machine) => matchesLabelSelector({ matchLabels: templateLabels }, machine.metadata.labels)).length,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: machineSet.metadata.generation ?? 1,
    };
    const latest = informers.machineSets.get(namespace, name) ?? machineSet;
    const { errorReason: _reason, errorMessage: _message, ...previous } = latest.status ?? {};
    if (JSON.stringify({ ...previous, ...status }) !== JSON.stringify(latest.status ?? {})) {
      await store.updateStatus<MachineSet>({ ...latest, status: { ...previous, ...status } });
    }
    if (more) return { requeueAfterMs: 0 };
    if (nextAvailableInMs !== undefined) return { requeueAfterMs: nextAvailableInMs };
  };
}

function newMachine(machineSet: MachineSet): Machine {
  const template = machineSet.spec.template;
  const labels = { ...(template.metadata?.labels ?? {}) };
  const clusterName = machineSet.metadata.labels?.[clusterNameLabel];
  if (labels[clusterNameLabel] === undefined && clusterName !== undefined) labels[clusterNameLabel] = clusterName;
  return {
    apiVersion: machineSet.apiVersion,
    kind: 'Machine',
    metadata: {
      generateName: `${machineSet.metadata.name}-`,
      namespace: machineSet.metadata.namespace ?? 'default',
      labels,
      ...(template.metadata?.annotations === undefined ? {} : { annotations: { ...template.metadata.annotations } }),
      ownerReferences: [
        {
          apiVersion: machineSet.apiVersion,
          kind: 'MachineSet',
          name: machineSet.metadata.name ?? '',
          uid: machineSet.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: structuredClone(template.spec) as Machine['spec'],
  };
}
