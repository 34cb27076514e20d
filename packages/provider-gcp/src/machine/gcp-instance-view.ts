/**
 * How a Compute instance reads to Slipway: its addresses as Node addresses,
 * its zone, and the result the controller persists.
 */
import type { MachineActuatorResultV1, NodeAddress } from '@slipway/core';
import type { protos } from '@google-cloud/compute';
import type { GcpMachineProviderStatus } from '../cluster/gcp-provider-status.js';
import { instanceStateOf } from './gcp-instance-state.js';
import { providerIdOf } from './gcp-provider-id.js';

export type GcpInstance = protos.google.cloud.compute.v1.IInstance;


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
