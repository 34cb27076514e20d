/**
 * How a Compute instance reads to Slipway: its state in the contract's terms,
 * its addresses as Node addresses, and the result the controller persists.
 */
import type { InstanceStateV1, MachineActuatorResultV1, NodeAddress } from '@slipway/core';
import type { protos } from '@google-cloud/compute';
import type { GcpMachineProviderStatus } from '../cluster/gcp-provider-status.js';
import { providerIdOf } from '../cluster/gcp-resource-names.js';

export type GcpInstance = protos.google.cloud.compute.v1.IInstance;

/**
 * Compute's statuses: PROVISIONING and STAGING come before RUNNING; TERMINATED
 * means stopped (a stopped instance keeps existing); a deleted instance is simply
 * absent. STOPPING is also what an instance being deleted shows.
 */
export function instanceStateOf(status: string | null | undefined): InstanceStateV1 {
  switch (status) {
    case 'PROVISIONING':
    case 'STAGING':
    case 'REPAIRING':
      return 'pending';
    case 'RUNNING':
      return 'running';
    case 'STOPPING':
    case 'SUSPENDING':
      return 'stopping';
    case 'STOPPED':
    case 'SUSPENDED':
    case 'TERMINATED':
      return 'stopped';
    default:
      return 'unknown';
  }
}

export function addressesOf(instance: GcpInstance): NodeAddress[] {
  const addresses: NodeAddress[] = [];
  for (const networkInterface of instance.networkInterfaces ?? []) {
    if (networkInterface.networkIP) addresses.push({ type: 'InternalIP', address: networkInterface.networkIP });
    for (const access of networkInterface.accessConfigs ?? []) {
      if (access.natIP) addresses.push({ type: 'ExternalIP', address: access.natIP });
    }
  }
  if (instance.name) addresses.push({ type: 'Hostname', address: instance.name });
  return addresses;
}

export function zoneOfInstance(instance: GcpInstance): string | undefined {
  return instance.zone?.split('/').pop();
}

export function resultOf(instance: GcpInstance, project: string, zone: string): MachineActuatorResultV1 {
  const providerStatus: GcpMachineProviderStatus = {
    ...(instance.id === undefined || instance.id === null ? {} : { instanceId: String(instance.id) }),
    instanceName: instance.name ?? '',
    zone,
    ...(instance.status ? { status: instance.status } : {}),
  };
  return {
    providerID: providerIdOf(project, zone, instance.name ?? ''),
    addresses: addressesOf(instance),
    instanceState: instanceStateOf(instance.status),
    providerStatus,
  };
}
