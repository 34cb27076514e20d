/**
 * The parts of Nova's server and Neutron's port bodies the provider reads, and
 * how a server becomes the contract's result (providerID, addresses, state).
 */
import type { MachineActuatorResultV1, NodeAddress } from '@slipway/core';
import { instanceStateOf } from './openstack-instance-state.js';
import { providerIdOf } from './openstack-provider-id.js';

export interface NovaServer {
  id: string;
  name: string;
  status: string;
  created?: string;
  metadata?: Record<string, string>;
  tags?: string[];
  addresses?: Record<string, { addr: string; version?: number; 'OS-EXT-IPS:type'?: string }[]>;
  fault?: { code?: number; message?: string; details?: string };
  'OS-EXT-STS:task_state'?: string | null;
  'OS-EXT-AZ:availability_zone'?: string;
}

export interface NeutronPort {
  id: string;
  name?: string;
  network_id: string;
  device_id: string;
  fixed_ips: { subnet_id: string; ip_address: string }[];
  tags?: string[];
  created_at?: string;
}

export function addressesOf(server: NovaServer): NodeAddress[] {
  const addresses: NodeAddress[] = [];
  for (const entries of Object.values(server.addresses ?? {})) {
    for (const entry of entries) {
      addresses.push({ type: entry['OS-EXT-IPS:type'] === 'floating' ? 'ExternalIP' : 'InternalIP', address: entry.addr });
    }
  }
  addresses.push({ type: 'Hostname', address: server.name });
  return addresses;
}

export function resultOf(server: NovaServer): MachineActuatorResultV1 {
  return {
    providerID: providerIdOf(server.id),
    addresses: addressesOf(server),
    instanceState: instanceStateOf(server.status, server['OS-EXT-STS:task_state']),
    providerStatus: {
      serverId: server.id,
      serverName: server.name,
      status: server.status,
      ...(server['OS-EXT-AZ:availability_zone'] !== undefined ? { availabilityZone: server['OS-EXT-AZ:availability_zone'] } : {}),
      ...(server.fault?.message !== undefined ? { fault: server.fault.message } : {}),
    },
  };
}

/** Oldest first, by Nova's `created`, then id: the survivor of duplicates is the first. */
export function oldestFirst<Item extends { id: string; created?: string; created_at?: string }>(items: readonly Item[]): Item[] {
  const time = (item: Item) => Date.parse(item.created ?? item.created_at ?? '') || 0;
  return [...items].sort((left, right) => time(left) - time(right) || (left.id < right.id ? -1 : 1));
}
