import { isControlPlaneMachine, type Machine } from '@slipway/core';

/** One machine as the person following a command sees it. */
export interface MachineRow {
  name: string;
  role: 'control-plane' | 'worker';
  phase: string;
  providerID: string;
  addresses: string;
  bootstrap: string;
  node: string;
  error: string;
}

export function machineRow(machine: Machine): MachineRow {
  const status = machine.status;
  const failure = status?.bootstrap?.failure;
  return {
    name: machine.metadata.name ?? '',
    role: isControlPlaneMachine(machine) ? 'control-plane' : 'worker',
    phase: machine.metadata.deletionTimestamp ? 'Deleting' : (status?.phase ?? 'Pending'),
    providerID: machine.spec.providerID ?? '',
    addresses: [...new Set((status?.addresses ?? []).filter((address) => address.type.endsWith('IP')).map((address) => address.address))].join(','),
    bootstrap: failure ? `failed in ${failure.phase} (exit ${failure.exitCode})` : (status?.bootstrap?.phase ?? ''),
    node: status?.nodeRef?.name ?? '',
    error: status?.errorReason ? `${status.errorReason}: ${status.errorMessage ?? ''}` : '',
  };
}

export const machineTableHeader = ['NAME', 'ROLE', 'PHASE', 'PROVIDER ID', 'ADDRESSES', 'BOOTSTRAP', 'NODE'] as const;

export function machineTableCells(row: MachineRow): string[] {
  return [row.name, row.role, row.phase, row.providerID || '-', row.addresses || '-', row.bootstrap || '-', row.node || '-'];
}
