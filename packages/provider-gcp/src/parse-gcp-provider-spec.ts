/**
 * Reads the providerSpec of a Machine or a Cluster through its schema. Invalid
 * input becomes an InvalidProviderSpecError naming the field path from the
 * object's root (`spec.providerSpec.value.image.family`), before any API call.
 */
import { InvalidProviderSpecError, type Cluster, type Machine } from '@slipway/core';
import type { z } from 'zod';
import { gcpClusterProviderSpecSchema, type GcpClusterProviderSpec } from './cluster/gcp-cluster-provider-spec.js';
import { gcpMachineProviderSpecSchema, type GcpMachineProviderSpec } from './machine/gcp-machine-provider-spec.js';

function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const outcome = schema.safeParse(value);
  if (outcome.success) return outcome.data;
  const [issue] = outcome.error.issues;
  const path = ['spec', 'providerSpec', 'value', ...(issue?.path ?? []).map(String)].join('.');
  const input = (issue as { input?: unknown } | undefined)?.input;
  const problem = issue === undefined ? 'invalid' : input === undefined && issue.code === 'invalid_type' ? 'required field is missing' : issue.message;
  throw new InvalidProviderSpecError(path, problem);
}

export function parseMachineProviderSpec(machine: Machine): GcpMachineProviderSpec {
  if (machine.spec.providerSpec.value === undefined) {
    throw new InvalidProviderSpecError('spec.providerSpec.value', 'the Machine has no inline providerSpec value; resolve valueFrom.machineClass before calling the actuator');
  }
  return parseWith(gcpMachineProviderSpecSchema, machine.spec.providerSpec.value);
}

/** The Cluster's providerSpec; undefined when the Cluster has none (machines then use their own network settings). */
export function parseClusterProviderSpec(cluster: Cluster): GcpClusterProviderSpec | undefined {
  const value = cluster.spec.providerSpec?.value;
  if (value === undefined) return undefined;
  return parseWith(gcpClusterProviderSpecSchema, value);
}
