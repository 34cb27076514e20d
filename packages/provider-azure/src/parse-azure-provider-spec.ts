import { InvalidProviderSpecError, type Cluster, type Machine } from '@slipway/core';
import type { z } from 'zod';
import { azureClusterProviderSpecSchema, type AzureClusterProviderSpec } from './cluster/azure-cluster-provider-spec.js';
import { azureMachineProviderSpecSchema, type AzureMachineProviderSpec } from './machine/azure-machine-provider-spec.js';

/**
 * Validates the providerSpec of a Machine or a Cluster, before any call to
 * Azure: a terminal InvalidConfiguration naming the field otherwise.
 */
function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown, where: string): z.output<Schema> {
  const outcome = schema.safeParse(value ?? {});
  if (outcome.success) return outcome.data;
  const [issue] = outcome.error.issues;
  const path = [where, ...(issue?.path ?? []).map(String)].join('.');
  // A record key that its key schema refused (a tag name): say why, not just "invalid key".
  const message = issue?.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue?.message;
  throw new InvalidProviderSpecError(path, message ?? 'invalid value');
}

export function parseMachineProviderSpec(machine: Machine): AzureMachineProviderSpec {
  if (machine.spec.providerSpec.value === undefined) {
    throw new InvalidProviderSpecError('spec.providerSpec.value', 'the Azure provider needs the providerSpec inline (resolve valueFrom.machineClass before calling the actuator)');
  }
  return parseWith(azureMachineProviderSpecSchema, machine.spec.providerSpec.value, 'spec.providerSpec.value');
}

export function parseClusterProviderSpec(cluster: Cluster): AzureClusterProviderSpec {
  if (cluster.spec.providerSpec?.value === undefined) {
    throw new InvalidProviderSpecError(
      'cluster spec.providerSpec.value',
      `the Cluster ${cluster.metadata.name ?? ''} has no Azure providerSpec: give at least { location, resourceGroup: { name } }`,
    );
  }
  return parseWith(azureClusterProviderSpecSchema, cluster.spec.providerSpec.value, 'cluster spec.providerSpec.value');
}
