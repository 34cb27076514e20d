/** What the contract reports about a device: its providerID, addresses, state and status. */
import type { MachineActuatorResultV1, NodeAddress } from '@slipway/core';
import type { MetalDevice } from '../api/packet-sdk-clients.js';
import { instanceStateOf } from './packet-device-state.js';
import { providerIdOf } from './packet-provider-id.js';

export function addressesOf(device: MetalDevice): NodeAddress[] {
  const addresses: NodeAddress[] = device.hostname ? [{ type: 'Hostname', address: device.hostname }] : [];
  for (const entry of device.ip_addresses ?? []) {
    if (entry.address === undefined || entry.address_family !== 4) continue;
    addresses.push({ type: entry.public ? 'ExternalIP' : 'InternalIP', address: entry.address });
  }
  return addresses;
}

/** Why a `failed` device failed: its last provisioning event, when the API says. */
export function failureReasonOf(device: MetalDevice): string {
  const events = device.provisioning_events ?? [];
  return events[events.length - 1]?.body ?? 'the API gives no reason';
}

export function resultOf(device: MetalDevice): MachineActuatorResultV1 {
  return {
    providerID: providerIdOf(device.id ?? ''),
    addresses: addressesOf(device),
    instanceState: instanceStateOf(device.state),
    providerStatus: {
      deviceId: device.id,
      state: device.state,
      hostname: device.hostname,
      ...(device.metro?.code !== undefined ? { metro: device.metro.code } : {}),
      ...(device.facility?.code !== undefined ? { facility: device.facility.code } : {}),
      ...(device.plan?.slug !== undefined ? { plan: device.plan.slug } : {}),
      ...(device.state === 'failed' ? { failureReason: failureReasonOf(device) } : {}),
    },
  };
}

/** Devices or reservations, oldest first: by creation time, then id, so that every process picks the same survivor. */
export function oldestFirst(left: { created_at?: string; id?: string }, right: { created_at?: string; id?: string }): number {
  return (left.created_at ?? '').localeCompare(right.created_at ?? '') || (left.id ?? '').localeCompare(right.id ?? '');
}
