import type { BootstrapStatus, Cluster, Machine } from '@slipway/core';

/**
 * What the node-authorization service needs to know and change about
 * Machines. The manager adapts its store to exactly this shape
 * (createMachineRegistryPort); tests use an in-memory implementation.
 */
export interface MachineEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface MachineRegistryPort {
  findMachineByUid(uid: string): Promise<{ cluster: Cluster; machine: Machine } | undefined>;
  updateBootstrapStatus(machineUid: string, update: (status: BootstrapStatus) => BootstrapStatus): Promise<void>;
  recordEvent(machineUid: string, event: MachineEvent): Promise<void>;
}
