/**
 * The 2018 Packet provider's Machine settings (`packetprovider/v1alpha1`,
 * kind PacketMachineProviderConfig, also written as PacketMachineProviderSpec
 * with the same fields), accepted as they are and mapped to Slipway's spec:
 *
 * | 2018 field     | Slipway field      |
 * |----------------|--------------------|
 * | facility       | facility           |
 * | machineType    | plan               |
 * | OS             | operatingSystem    |
 * | billingCycle   | billingCycle       |
 * | projectID      | projectID          |
 * | roles          | (ignored: the Machine's spec.versions.controlPlane says it) |
 * | sshKeys        | (ignored with a warning: nodes join without ssh) |
 */
import { z } from 'zod';
import { billingCycleSchema, metalProjectIdSchema, metalSlugSchema, type PacketMachineProviderSpec } from './packet-machine-provider-spec.js';

export const packetMachineProviderConfigSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.enum(['PacketMachineProviderConfig', 'PacketMachineProviderSpec']).optional(),
  facility: z.union([metalSlugSchema, z.array(metalSlugSchema).min(1)]),
  machineType: metalSlugSchema,
  OS: metalSlugSchema,
  billingCycle: billingCycleSchema.default('hourly'),
  projectID: metalProjectIdSchema.optional(),
  roles: z.array(z.string()).optional(),
  sshKeys: z.array(z.string()).optional(),
});

export type PacketMachineProviderConfig = z.output<typeof packetMachineProviderConfigSchema>;

/** True for a value written in the 2018 shape (its own kind, or its field names). */
export function isPacketMachineProviderConfig(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return record['kind'] === 'PacketMachineProviderConfig' || 'machineType' in record || 'OS' in record;
}

export function machineSpecOfConfig(config: PacketMachineProviderConfig): PacketMachineProviderSpec {
  return {
    facility: config.facility,
    plan: config.machineType,
    operatingSystem: config.OS,
    billingCycle: config.billingCycle,
    tags: [],
    spotInstance: false,
    ...(config.projectID !== undefined ? { projectID: config.projectID } : {}),
  };
}
