/**
 * Reads the providerSpec of a Machine or a Cluster through its schema (the 2018
 * shape of a Machine mapped to today's). Invalid input becomes an
 * InvalidProviderSpecError naming the field path from the object's root
 * (`spec.providerSpec.value.plan`), before any API call.
 */
import { InvalidProviderSpecError, type Cluster, type Machine } from '@slipway/core';
import type { z } from 'zod';
import { packetClusterProviderSpecSchema, type PacketClusterProviderSpec } from './cluster/packet-cluster-provider-spec.js';
import { isPacketMachineProviderConfig, machineSpecOfConfig, packetMachineProviderConfigSchema } from './machine/packet-machine-provider-config.js';
import { packetMachineProviderSpecSchema, type PacketMachineProviderSpec } from './machine/packet-machine-provider-spec.js';

function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const outcome = schema.safeParse(value);
  if (outcome.success) return outcome.data;
  const [issue] = outcome.error.issues;
  const path = ['spec', 'providerSpec', 'value', ...(issue?.path ?? []).map(String)].join('.');
  const missing = issue?.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined;
  throw new InvalidProviderSpecError(path, missing ? 'required field is missing' : (issue?.message ?? 'invalid'));
}

export interface ParsedMachineProviderSpec {
  spec: PacketMachineProviderSpec;
  /** The 2018 fields that were given and are ignored, for a warning. */
  ignoredLegacyFields: string[];
}

export function parseMachineProviderSpec(machine: Machine): ParsedMachineProviderSpec {
  const value = machine.spec.providerSpec.value;
  if (value === undefined) {
    throw new InvalidProviderSpecError('spec.providerSpec.value', 'the Machine has no inline providerSpec value; resolve valueFrom.machineClass before calling the actuator');
  }
  if (isPacketMachineProviderConfig(value)) {
    const config = parseWith(packetMachineProviderConfigSchema, value);
    return { spec: machineSpecOfConfig(config), ignoredLegacyFields: config.sshKeys !== undefined ? ['sshKeys'] : [] };
  }
  return { spec: parseWith(packetMachineProviderSpecSchema, value), ignoredLegacyFields: [] };
}

/** The Cluster's providerSpec; undefined when it has none (machines then need no reserved address). */
export function parseClusterProviderSpec(cluster: Cluster): PacketClusterProviderSpec | undefined {
  const value = cluster.spec.providerSpec?.value;
  if (value === undefined) return undefined;
  return parseWith(packetClusterProviderSpecSchema, value);
}
