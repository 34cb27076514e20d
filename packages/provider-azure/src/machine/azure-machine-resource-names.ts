import { createHash } from 'node:crypto';
import { TerminalError, type Machine } from '@slipway/core';

/**
 * The names of a machine's Azure resources, derived from the Machine alone:
 * a create repeated after a crash or a lost reply PUTs the very same resources,
 * so it is idempotent by construction. The Machine's name keeps them readable;
 * a short hash of its UID keeps a re-created Machine of the same name from
 * colliding with the old one while that is still being deleted.
 */
export interface AzureMachineResourceNames {
  virtualMachine: string;
  networkInterface: string;
  osDisk: string;
  publicIpAddress: string;
}

/** Linux VM names (and computer names) hold at most 64 characters. */
const virtualMachineNameLimit = 64;

export function azureMachineResourceNames(machine: Machine): AzureMachineResourceNames {
  const uid = machine.metadata.uid;
  const name = machine.metadata.name;
  if (!uid || !name) {
    throw new TerminalError('InvalidConfiguration', 'the Machine needs metadata.name and metadata.uid (the store sets the UID on create) to name its Azure resources');
  }
  const suffix = createHash('sha256').update(uid).digest('hex').slice(0, 8);
  const cleaned = name.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+/, '');
  const base = `${cleaned.slice(0, virtualMachineNameLimit - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
  return {
    virtualMachine: base,
    networkInterface: `${base}-nic`,
    osDisk: `${base}-osdisk`,
    publicIpAddress: `${base}-pip`,
  };
}
