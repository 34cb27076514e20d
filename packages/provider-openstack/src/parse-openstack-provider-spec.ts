/**
 * Reads and validates the providerSpecs of a Machine and its Cluster. Errors
 * are terminal InvalidConfiguration naming the field path
 * (`spec.providerSpec.value.flavor`); the 2018 shape is mapped first.
 */
import { InvalidProviderSpecError, type Cluster, type Machine } from '@slipway/core';
import { z } from 'zod';
import { openStackClusterProviderSpecSchema, type OpenStackClusterProviderSpec } from './cluster/openstack-cluster-provider-spec.js';
import { isLegacyMachineProviderSpec, mapLegacyMachineProviderSpec } from './machine/legacy-machine-provider-spec.js';
import { openStackMachineProviderSpecSchema, type OpenStackMachineProviderSpec } from './machine/openstack-machine-provider-spec.js';

const machinePrefix = 'spec.providerSpec.value';

function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown, prefix: string): z.output<Schema> {
  const outcome = schema.safeParse(value ?? {});
  if (outcome.success) return outcome.data;
  const [issue] = outcome.error.issues;
  const path = [prefix, ...(issue?.path ?? []).map(String)].join('.');
  throw new InvalidProviderSpecError(path, issue?.message ?? 'invalid');
}

export function parseMachineProviderSpec(machine: Machine): OpenStackMachineProviderSpec {
  const value = (machine.spec.providerSpec?.value ?? {}) as Record<string, unknown>;
  const normalised = isLegacyMachineProviderSpec(value) ? mapLegacyMachineProviderSpec(value, machinePrefix) : value;
  return parseWith(openStackMachineProviderSpecSchema, normalised, machinePrefix);
}

/** A value of either shape, the 2018 one mapped first: what manifests are validated against. */
export const openStackMachineProviderSpecInputSchema = z.preprocess((value, context) => {
  if (value === null || typeof value !== 'object' || !isLegacyMachineProviderSpec(value as Record<string, unknown>)) return value;
  try {
    return mapLegacyMachineProviderSpec(value as Record<string, unknown>, machinePrefix);
  } catch (error) {
    if (!InvalidProviderSpecError.isInstance(error)) throw error;
    const field = error.fieldPath.slice(machinePrefix.length + 1);
    context.issues.push({ code: 'custom', message: error.message.slice(error.fieldPath.length + 2), path: field.split('.'), input: value });
    return z.NEVER;
  }
}, openStackMachineProviderSpecSchema);

/** A Cluster's value of either shape, the 2018 one mapped first. */
export const openStackClusterProviderSpecInputSchema = z.preprocess(
  (value) => (isLegacyClusterProviderSpec(value) ? mapLegacyClusterProviderSpec(value as Record<string, unknown>) : value),
  openStackClusterProviderSpecSchema,
);

function isLegacyClusterProviderSpec(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>)['apiVersion'] === 'string' && ((value as Record<string, unknown>)['apiVersion'] as string).startsWith('openstackproviderconfig/');
}

/** The 2018 cluster spec (kind OpenstackProviderSpec or OpenstackClusterProviderSpec): nodeCidr, dnsNameservers, externalNetworkId map over; the rest is ignored. */
function mapLegacyClusterProviderSpec(value: Record<string, unknown>): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (typeof value['nodeCidr'] === 'string') spec['managedNetwork'] = { cidr: value['nodeCidr'], dnsNameservers: Array.isArray(value['dnsNameservers']) ? value['dnsNameservers'] : [] };
  if (typeof value['externalNetworkId'] === 'string') spec['externalNetwork'] = value['externalNetworkId'];
  return spec;
}

export function parseClusterProviderSpec(cluster: Cluster): OpenStackClusterProviderSpec {
  const value = (cluster.spec.providerSpec?.value ?? {}) as Record<string, unknown>;
  return parseWith(openStackClusterProviderSpecSchema, isLegacyClusterProviderSpec(value) ? mapLegacyClusterProviderSpec(value) : value, 'spec.providerSpec.value');
}
