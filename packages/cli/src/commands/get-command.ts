import type { Cluster, MachineDeployment, MachineSet } from '@slipway/core';
import { clusterType, machineDeploymentType, machineSetType, machineType, type StoredObject } from '@slipway/manager';
import { stringify } from 'yaml';
import type { CommandContext } from '../command-context.js';
import { machineRow, machineTableCells, machineTableHeader } from '../progress/machine-row.js';
import { renderTable } from '../render-table.js';
import { withStore } from '../state/with-store.js';
import { UsageError } from '../usage-error.js';
import type { Machine } from '@slipway/core';

export const gettableKinds = ['clusters', 'machines', 'machinesets', 'machinedeployments'] as const;
export type GettableKind = (typeof gettableKinds)[number];

const types = { clusters: clusterType, machines: machineType, machinesets: machineSetType, machinedeployments: machineDeploymentType };

/** `slipway get KIND [-o table|yaml|json]`: what the store holds, as kubectl shows it. */
export async function getCommand(kind: string, options: { output: 'table' | 'yaml' | 'json' }, context: CommandContext): Promise<void> {
  if (!(gettableKinds as readonly string[]).includes(kind)) {
    throw new UsageError(`cannot get "${kind}"; choose one of ${gettableKinds.join(', ')}`);
  }
  const items = await withStore(context.stateDirectory, async (store) => (await store.list<StoredObject>(types[kind as GettableKind])).items);
  items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  if (options.output === 'json') {
    context.io.stdout.write(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2)}\n`);
    return;
  }
  if (options.output === 'yaml') {
    context.io.stdout.write(stringify({ apiVersion: 'v1', kind: 'List', items }));
    return;
  }
  if (items.length === 0) {
    context.io.stdout.write(`No ${kind} in ${context.stateDirectory}.\n`);
    return;
  }
  context.io.stdout.write(tableOf(kind as GettableKind, items));
}

function tableOf(kind: GettableKind, items: StoredObject[]): string {
  switch (kind) {
    case 'machines':
      return renderTable(machineTableHeader, (items as Machine[]).map(machineRow).map(machineTableCells));
    case 'clusters':
      return renderTable(
        ['NAME', 'API ENDPOINT', 'STATUS'],
        (items as Cluster[]).map((cluster) => [
          cluster.metadata.name ?? '',
          cluster.status?.apiEndpoints?.map((endpoint) => `${endpoint.host}:${endpoint.port}`).join(',') || '-',
          cluster.metadata.deletionTimestamp ? 'Deleting' : cluster.status?.errorReason ? `${cluster.status.errorReason}` : cluster.status?.apiEndpoints?.length ? 'Provisioned' : 'Provisioning',
        ]),
      );
    case 'machinesets':
    case 'machinedeployments':
      return renderTable(
        ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AVAILABLE'],
        (items as (MachineSet | MachineDeployment)[]).map((set) => [
          set.metadata.name ?? '',
          String(set.spec.replicas),
          String(set.status?.replicas ?? 0),
          String(set.status?.readyReplicas ?? 0),
          String(set.status?.availableReplicas ?? 0),
        ]),
      );
  }
}
