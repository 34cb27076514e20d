/**
 * The MachineDeployment controller: rolling updates through MachineSets, one
 * MachineSet per template revision (named after the template's hash, so a crash
 * can never make two for one revision).
 *
 * Bounds: the Machines all MachineSets ask for never exceed replicas + maxSurge,
 * and old Machines are scaled down only as far as replicas - maxUnavailable
 * available Machines allow, counting only MachineSet statuses that have caught
 * up with their spec (a stale status would otherwise overstate availability).
 */
import {
  clusterNameLabel,
  isEmptyLabelSelector,
  machineTemplateHashLabel,
  matchesLabelSelector,
  revisionAnnotation,
  type LabelSelector,
  type MachineDeployment,
  type MachineSet,
} from '@slipway/core';
import type { ReconcileResult } from '../runtime/controller.js';
import { AlreadyExistsError } from '../store/already-exists-error.js';
import { NotFoundError } from '../store/not-found-error.js';
import { machineSetType, splitObjectKey } from '../store/object-types.js';
import type { ControllerContext } from './controller-context.js';
import { machineTemplateHash } from './machine-template-hash.js';
import { controllerIndex, orphanIndex } from './object-indexes.js';
import { resolveRollingUpdateBounds } from './rolling-update-bounds.js';

/** MachineDeployment status fields the manager adds (the status schema keeps unknown fields). */
export interface MachineDeploymentStatusExtensions {
  /** When the rollout last moved (or started): the progress deadline counts from here. */
  lastProgressTime?: string;
  /** What "progress" compares against: the new revision's updated and available counts. */
  progressMarker?: string;
  errorReason?: string;
  errorMessage?: string;
}

type ExtendedStatus = NonNullable<MachineDeployment['status']> & MachineDeploymentStatusExtensions;

export function revisionOf(machineSet: MachineSet): number {
  return Number.parseInt(machineSet.metadata.annotations?.[revisionAnnotation] ?? '0', 10) || 0;
}

/** True when the MachineSet's status describes its current spec. */
function statusIsCurrent(machineSet: MachineSet): boolean {
  return machineSet.status?.observedGeneration === (machineSet.metadata.generation ?? 1);
}

function availableOf(machineSet: MachineSet): number {
  return Math.min(machineSet.spec.replicas, machineSet.status?.availableReplicas ?? 0);
}

export function createMachineDeploymentReconciler(context: ControllerContext) {
  const { store, informers, clock, events } = context;

  async function scale(machineSet: MachineSet, replicas: number): Promise<MachineSet> {
    if (machineSet.spec.replicas === replicas) return machineSet;
    return store.update<MachineSet>({ ...machineSet, spec: { ...machineSet.spec, replicas } });
  }

  async function createMachineSet(deployment: MachineDeployment, hash: string, replicas: number, revision: number): Promise<MachineSet> {
    const namespace = deployment.metadata.namespace ?? 'default';
    const baseName = (deployment.metadata.name ?? '').slice(0, 242);
    const templateLabels: Record<string, string> = { ...(deployment.spec.template.metadata?.labels ?? {}), [machineTemplateHashLabel]: hash };
    const selector: LabelSelector = {
      ...deployment.spec.selector,
      matchLabels: { ...(deployment.spec.selector.matchLabels ?? {}), [machineTemplateHashLabel]: hash },
    };
    const clusterName = deployment.metadata.labels?.[clusterNameLabel] ?? templateLabels[clusterNameLabel];
    const machineSet: MachineSet = {
      apiVersion: deployment.apiVersion,
      kind: 'MachineSet',
      metadata: {
        name: `${baseName}-${hash}`,
        namespace,
        labels: { ...templateLabels, ...(clusterName === undefined ? {} : { [clusterNameLabel]: clusterName }) },
        annotations: { [revisionAnnotation]: String(revision) },
        ownerReferences: [
          {
            apiVersion: deployment.apiVersion,
            kind: 'MachineDeployment',
            name: deployment.metadata.name ?? '',
            uid: deployment.metadata.uid ?? '',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas,
        minReadySeconds: deployment.spec.minReadySeconds,
        deletePolicy: deployment.spec.deletePolicy,
        selector,
        template: {
          ...structuredClone(deployment.spec.template),
          metadata: { ...structuredClone(deployment.spec.template.metadata ?? {}), labels: templateLabels },
        },
      },
    };
    try {
      return await store.create<MachineSet>(machineSet);
    } catch (error) {
      if (!AlreadyExistsError.isInstance(error)) throw error;
      // Made by an earlier run that crashed before seeing it: it is ours if we own it.
      const existing = await store.get<MachineSet>(machineSetType, namespace, machineSet.metadata.name ?? '');
      if (existing === undefined || !existing.metadata.ownerReferences?.some((owner) => owner.uid === deployment.metadata.uid)) throw error;
      return existing;
    }
  }

  return async function reconcileMachineDeployment(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitObjectKey(key);
    const deployment = informers.machineDeployments.get(namespace, name);
    if (deployment === undefined || deployment.metadata.deletionTimestamp !== undefined) return;
    const uid = deployment.metadata.uid ?? '';
    const { selector, template, replicas } = deployment.spec;
    const previousStatus = (deployment.status ?? {}) as ExtendedStatus;
    if (isEmptyLabelSelector(selector) || !matchesLabelSelector(selector, template.metadata?.labels)) {
      const message = isEmptyLabelSelector(selector)
        ? 'spec.selector is empty and would select every MachineSet: add matchLabels'
        : 'spec.template.metadata.labels must match spec.selector';
      if (previousStatus.errorMessage !== message) {
        await store.updateStatus<MachineDeployment>({
          ...deployment,
          status: { ...previousStatus, errorReason: 'InvalidConfiguration', errorMessage: message, observedGeneration: deployment.metadata.generation ?? 1 },
        });
        await events.record(deployment, { type: 'Warning', reason: 'InvalidConfiguration', message });
      }
      return;
    }

    for (const orphan of informers.machineSets.byIndex(orphanIndex, namespace)) {
      if (orphan.metadata.deletionTimestamp !== undefined || !matchesLabelSelector(selector, orphan.metadata.labels)) continue;
      await store.update<MachineSet>({
        ...orphan,
        metadata: {
          ...orphan.metadata,
          ownerReferences: [
            ...(orphan.metadata.ownerReferences ?? []),
            { apiVersion: deployment.apiVersion, kind: 'MachineDeployment', name, uid, controller: true, blockOwnerDeletion: true },
          ],
        },
      });
    }

    const hash = machineTemplateHash(template);
    const owned = () =>
      informers.machineSets.byIndex(controllerIndex, uid).filter((machineSet) => machineSet.metadata.deletionTimestamp === undefined);
    let sets = owned();
    let newSet = sets.find((machineSet) => machineSet.metadata.labels?.[machineTemplateHashLabel] === hash);
    const maxRevision = Math.max(0, ...sets.map(revisionOf));
    const { maxSurge, maxUnavailable } = resolveRollingUpdateBounds(
      replicas,
      deployment.spec.strategy.rollingUpdate.maxSurge,
      deployment.spec.strategy.rollingUpdate.maxUnavailable,
    );
    const total = () => sets.reduce((sum, machineSet) => sum + machineSet.spec.replicas, 0);

    if (deployment.spec.paused) {
      // Paused: no rollout step; replica changes go to the newest MachineSet only.
      const newest = [...sets].sort((a, b) => revisionOf(b) - revisionOf(a))[0];
      if (newest !== undefined && total() !== replicas) await scale(newest, Math.max(0, newest.spec.replicas + replicas - total()));
    } else {
      if (newSet === undefined) {
        const others = total();
        const initial = others === 0 ? replicas : Math.max(0, Math.min(replicas, replicas + maxSurge - others));
        newSet = await createMachineSet(deployment, hash, initial, maxRevision + 1);
        await events.record(deployment, {
          type: 'Normal',
          reason: 'ScalingReplicaSet',
          message: `created MachineSet ${newSet.metadata.name} (revision ${maxRevision + 1}) with ${initial} replicas`,
        });
      } else if (revisionOf(newSet) < maxRevision) {
        // A rollback to an earlier template: that MachineSet becomes the newest revision.
        newSet = await store.update<MachineSet>({
          ...newSet,
          metadata: { ...newSet.metadata, annotations: { ...newSet.metadata.annotations, [revisionAnnotation]: String(maxRevision + 1) } },
        });
      }
      sets = owned();
      newSet = sets.find((machineSet) => machineSet.metadata.uid === newSet?.metadata.uid) ?? newSet;
      const oldSets = sets.filter((machineSet) => machineSet.metadata.uid !== newSet?.metadata.uid).sort((a, b) => revisionOf(a) - revisionOf(b));

      // Scale the new MachineSet up within maxSurge (or down, when the deployment shrank).
      if (newSet.spec.replicas > replicas) newSet = await scale(newSet, replicas);
      else if (newSet.spec.replicas < replicas) {
        const room = replicas + maxSurge - total();
        if (room > 0) newSet = await scale(newSet, Math.min(replicas, newSet.spec.replicas + room));
      }
      sets = [newSet, ...oldSets];

      // Scale old MachineSets down as far as availability allows.
      if (oldSets.some((machineSet) => machineSet.spec.replicas > 0) && sets.every(statusIsCurrent)) {
        const minAvailable = replicas - maxUnavailable;
        const newUnavailable = newSet.spec.replicas - availableOf(newSet);
        let budget = total() - minAvailable - newUnavailable;
        // Unhealthy old Machines go first: removing them costs no availability.
        for (const [index, oldSet] of oldSets.entries()) {
          if (budget <= 0) break;
          const unhealthy = oldSet.spec.replicas - availableOf(oldSet);
          const cut = Math.min(unhealthy, budget);
          if (cut > 0) {
            oldSets[index] = await scale(oldSet, oldSet.spec.replicas - cut);
            budget -= cut;
          }
        }
        const allAvailable = availableOf(newSet) + oldSets.reduce((sum, oldSet) => sum + availableOf(oldSet), 0);
        let scaleDown = Math.min(budget, allAvailable - minAvailable);
        for (const [index, oldSet] of oldSets.entries()) {
          if (scaleDown <= 0) break;
          const cut = Math.min(oldSet.spec.replicas, scaleDown);
          if (cut > 0) {
            oldSets[index] = await scale(oldSet, oldSet.spec.replicas - cut);
            scaleDown -= cut;
          }
        }
        sets = [newSet, ...oldSets];
      }

      // Revision history: drop empty old MachineSets beyond the limit, oldest first.
      const empty = oldSets.filter((machineSet) => machineSet.spec.replicas === 0 && (machineSet.status?.replicas ?? 0) === 0);
      const excess = empty.length - deployment.spec.revisionHistoryLimit;
      for (const machineSet of empty.slice(0, Math.max(0, excess))) {
        try {
          await store.delete(machineSetType, namespace, machineSet.metadata.name ?? '', { uid: machineSet.metadata.uid ?? '' });
        } catch (error) {
          if (!NotFoundError.isInstance(error)) throw error;
        }
      }
    }

    // Status and the progress deadline.
    sets = owned();
    newSet = sets.find((machineSet) => machineSet.metadata.labels?.[machineTemplateHashLabel] === hash);
    const sum = (pick: (machineSet: MachineSet) => number) => sets.reduce((total, machineSet) => total + pick(machineSet), 0);
    const updated = newSet?.status?.replicas ?? 0;
    const available = sum((machineSet) => machineSet.status?.availableReplicas ?? 0);
    const observed = sum((machineSet) => machineSet.status?.replicas ?? 0);
    const complete = updated === replicas && observed === replicas && (newSet?.status?.availableReplicas ?? 0) >= replicas;
    const now = clock.now();
    const marker = `${hash}:${updated}:${newSet?.status?.availableReplicas ?? 0}:${observed}`;
    const status: ExtendedStatus = {
      ...previousStatus,
      observedGeneration: deployment.metadata.generation ?? 1,
      selector: selectorString(selector),
      replicas: observed,
      updatedReplicas: updated,
      readyReplicas: sum((machineSet) => machineSet.status?.readyReplicas ?? 0),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicas - available),
    };
    delete status.errorReason;
    delete status.errorMessage;
    let requeueAfterMs: number | undefined;
    if (complete || deployment.spec.paused) {
      status.progressDeadlineExceeded = false;
      status.progressMarker = marker;
      delete status.lastProgressTime;
    } else {
      if (status.progressMarker !== marker || status.lastProgressTime === undefined) {
        status.progressMarker = marker;
        status.lastProgressTime = new Date(now).toISOString();
      }
      const deadline = (Date.parse(status.lastProgressTime) || now) + deployment.spec.progressDeadlineSeconds * 1000;
      if (now >= deadline) {
        if (status.progressDeadlineExceeded !== true) {
          await events.record(deployment, {
            type: 'Warning',
            reason: 'ProgressDeadlineExceeded',
            message: `the rollout made no progress for ${deployment.spec.progressDeadlineSeconds} s`,
          });
        }
        status.progressDeadlineExceeded = true;
      } else {
        status.progressDeadlineExceeded = false;
        requeueAfterMs = deadline - now;
      }
    }
    const latest = informers.machineDeployments.get(namespace, name) ?? deployment;
    if (JSON.stringify(status) !== JSON.stringify(latest.status ?? {})) {
      await store.updateStatus<MachineDeployment>({ ...latest, status });
    }
    return requeueAfterMs === undefined ? undefined : { requeueAfterMs };
  };
}

/** The selector in Kubernetes' string form (`a=b,c in (d,e)`), as Deployments report it. */
function selectorString(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const requirement of selector.matchExpressions ?? []) {
    const values = (requirement.values ?? []).join(',');
    if (requirement.operator === 'In') parts.push(`${requirement.key} in (${values})`);
    else if (requirement.operator === 'NotIn') parts.push(`${requirement.key} notin (${values})`);
    else if (requirement.operator === 'Exists') parts.push(requirement.key);
    else parts.push(`!${requirement.key}`);
  }
  return parts.join(',');
}
