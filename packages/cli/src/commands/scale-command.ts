import type { MachineDeployment, MachineSet } from '@slipway/core';
import { machineDeploymentType, machineSetType, type StoredObject } from '@slipway/manager';
import type { CommandContext } from '../command-context.js';
import { UsageError } from '../usage-error.js';
import { withStore } from '../state/with-store.js';

export const scalableKinds = { machinedeployment: machineDeploymentType, machineset: machineSetType } as const;

/**
 * `slipway scale machinedeployment|machineset NAME --replicas N`: records the
 * new replica count in the store; the controllers (`slipway manager`, or a
 * running or resumed `slipway up`) create or delete machines to match.
 */
export async function scaleCommand(kind: string, name: string, replicasText: string, context: CommandContext): Promise<{ from: number; to: number }> {
  if (!Object.hasOwn(scalableKinds, kind)) {
    throw new UsageError(`cannot scale "${kind}"; choose one of ${Object.keys(scalableKinds).join(', ')}`);
  }
  const replicas = Number(replicasText);
  if (!/^\d+$/.test(replicasText.trim()) || !Number.isSafeInteger(replicas) || replicas > 1000) {
    throw new UsageError(`--replicas must be a whole number from 0 to 1000, got "${replicasText}"`);
  }
  const type = scalableKinds[kind as keyof typeof scalableKinds];
  const result = await withStore(context.stateDirectory, async (store) => {
    const existing = await store.get<MachineDeployment | MachineSet>(type, 'default', name);
    if (!existing) {
      const { items } = await store.list<StoredObject>(type);
      const names = items.map((item) => item.metadata.name).sort();
      throw new UsageError(`there is no ${kind} "${name}" in ${context.stateDirectory}; ${names.length ? `${kind}s there: ${names.join(', ')}` : `it holds no ${kind}`}`);
    }
    if (existing.metadata.deletionTimestamp) throw new UsageError(`${kind} "${name}" is being deleted; it cannot be scaled`);
    if (existing.spec.replicas !== replicas) await store.patch(type, 'default', name, { spec: { replicas } });
    return { from: existing.spec.replicas, to: replicas };
  });
  context.io.stdout.write(
    result.from === result.to
      ? `${kind} "${name}" already has ${replicas} replicas.\n`
      : `${kind} "${name}" scaled from ${result.from} to ${replicas} replicas; run slipway manager (or slipway up for the quickstart) to reconcile.\n`,
  );
  return result;
}
