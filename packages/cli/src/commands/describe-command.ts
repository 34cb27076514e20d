import { clusterNameOf, isControlPlaneMachine, type Cluster, type Machine } from '@slipway/core';
import { clusterType, eventType, machineType, type ObjectStore, type StoredEvent, type StoredObject } from '@slipway/manager';
import { stringify } from 'yaml';
import type { CommandContext } from '../command-context.js';
import { machinesOfCluster } from '../flows/cluster-objects.js';
import { machineRow, machineTableCells, machineTableHeader } from '../progress/machine-row.js';
import { renderTable } from '../render-table.js';
import { UsageError } from '../usage-error.js';
import { withStore } from '../state/with-store.js';

export const describableKinds = ['cluster', 'machine'] as const;

/**
 * `slipway describe cluster|machine NAME`: what kubectl describe shows, from
 * the store alone: status, conditions, the bootstrap phases with their times,
 * a failed bootstrap's log tail, and the object's Events, oldest first.
 */
export async function describeCommand(kind: string, name: string, context: CommandContext): Promise<void> {
  if (!(describableKinds as readonly string[]).includes(kind)) {
    throw new UsageError(`cannot describe "${kind}"; choose one of ${describableKinds.join(', ')}`);
  }
  const text = await withStore(context.stateDirectory, async (store) => {
    const type = kind === 'cluster' ? clusterType : machineType;
    const object = await store.get<StoredObject>(type, 'default', name);
    if (!object) {
      const { items } = await store.list<StoredObject>(type);
      const names = items.map((item) => item.metadata.name).sort();
      throw new UsageError(`there is no ${kind} "${name}" in ${context.stateDirectory}; ${names.length ? `${kind}s there: ${names.join(', ')}` : `it holds no ${kind}`}`);
    }
    const events = await eventsOf(store, object);
    return kind === 'cluster' ? describeCluster(object as Cluster, await machinesOfCluster(store, name), events) : describeMachine(object as Machine, events);
  });
  context.io.stdout.write(text);
}

async function eventsOf(store: ObjectStore, object: StoredObject): Promise<StoredEvent[]> {
  const { items } = await store.list<StoredEvent>(eventType, { namespace: object.metadata.namespace ?? 'default' });
  return items
    .filter((event) => event.involvedObject.kind === object.kind && event.involvedObject.name === object.metadata.name && (!event.involvedObject.uid || event.involvedObject.uid === object.metadata.uid))
    .sort((a, b) => a.lastTimestamp.localeCompare(b.lastTimestamp));
}

function describeMachine(machine: Machine, events: StoredEvent[]): string {
  const status = machine.status;
  const lines = [
    field('Name', machine.metadata.name),
    field('Cluster', clusterNameOf(machine)),
    field('Role', isControlPlaneMachine(machine) ? 'control-plane' : 'worker'),
    field('Created', machine.metadata.creationTimestamp),
    ...(machine.metadata.deletionTimestamp ? [field('Deleting since', machine.metadata.deletionTimestamp)] : []),
    field('Phase', status?.phase ?? 'Pending'),
    field('Provider ID', machine.spec.providerID),
    field('Node', status?.nodeRef?.name),
    field('Kubelet', machine.spec.versions.kubelet),
    field('Addresses', (status?.addresses ?? []).map((address) => `${address.address} (${address.type})`).join(', ')),
  ];
  if (status?.errorReason) lines.push(field('Error', `${status.errorReason}: ${status.errorMessage ?? ''}`));
  const phases = (status?.bootstrap?.phases ?? []).map((phase) => [phase.timestamp, phase.phase]);
  const failure = status?.bootstrap?.failure;
  if (failure) phases.push([failure.timestamp, `failed in ${failure.phase} with exit code ${failure.exitCode}`]);
  lines.push(phases.length === 0 ? 'Bootstrap: (no phase reported yet)' : `Bootstrap:\n${indent(renderTable(['AT', 'PHASE'], phases))}`);
  if (failure) {
    lines.push('  Last lines of its log:');
    lines.push(...failure.logTail.map((line) => `    ${line}`));
  }
  if (status?.bootstrap?.tokenExpiresAt && !status.nodeRef) lines.push(`  bootstrap token expires ${status.bootstrap.tokenExpiresAt}`);
  lines.push(...conditionLines(status?.conditions));
  if (status?.providerStatus) lines.push('Provider status:', indent(stringify(status.providerStatus)));
  lines.push(...eventLines(events));
  return `${lines.join('\n')}\n`;
}

function describeCluster(cluster: Cluster, machines: Machine[], events: StoredEvent[]): string {
  const status = cluster.status;
  const lines = [
    field('Name', cluster.metadata.name),
    field('Created', cluster.metadata.creationTimestamp),
    ...(cluster.metadata.deletionTimestamp ? [field('Deleting since', cluster.metadata.deletionTimestamp)] : []),
    field('API endpoints', (status?.apiEndpoints ?? []).map((endpoint) => `${endpoint.host}:${endpoint.port}`).join(', ')),
    field('Pods', cluster.spec.clusterNetwork.pods.cidrBlocks.join(', ')),
    field('Services', cluster.spec.clusterNetwork.services.cidrBlocks.join(', ')),
  ];
  if (status?.errorReason) lines.push(field('Error', `${status.errorReason}: ${status.errorMessage ?? ''}`));
  if (status?.providerStatus) lines.push('Provider status:', indent(stringify(status.providerStatus)));
  const ready = machines.filter((machine) => machine.status?.nodeRef).length;
  lines.push(`Machines: ${machines.length} (${ready} joined)`);
  if (machines.length > 0) lines.push(indent(renderTable(machineTableHeader, machines.map(machineRow).map(machineTableCells))));
  lines.push(...eventLines(events));
  return `${lines.join('\n')}\n`;
}

function conditionLines(conditions: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[] | undefined): string[] {
  if (!conditions?.length) return ['Conditions: <none>'];
  return [
    'Conditions:',
    indent(
      renderTable(
        ['TYPE', 'STATUS', 'REASON', 'SINCE', 'MESSAGE'],
        conditions.map((condition) => [condition.type, condition.status, condition.reason ?? '', condition.lastTransitionTime ?? '', condition.message ?? '']),
      ),
    ),
  ];
}

function eventLines(events: StoredEvent[]): string[] {
  if (events.length === 0) return ['Events: <none>'];
  return [
    'Events:',
    indent(
      renderTable(
        ['LAST SEEN', 'TYPE', 'REASON', 'COUNT', 'MESSAGE'],
        events.map((event) => [event.lastTimestamp, event.type, event.reason, String(event.count), event.message]),
      ),
    ),
  ];
}

function field(label: string, value: string | undefined): string {
  return `${`${label}:`.padEnd(16)}${value || '-'}`;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
