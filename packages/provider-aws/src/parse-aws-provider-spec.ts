/**
 * Validates a Machine's or Cluster's providerSpec against its AWS schema and
 * turns the first problem into an InvalidProviderSpecError naming the full
 * field path (`spec.providerSpec.value.instanceType`). Nothing is sent to AWS
 * before this passes.
 */
import { InvalidProviderSpecError, type Cluster, type Machine } from '@slipway/core';
import type { z } from 'zod';
import { awsMaximumClusterNameLength } from './api/aws-tag-rules.js';
import { awsClusterProviderSpecSchema, type AwsClusterProviderSpec } from './cluster/aws-cluster-provider-spec.js';
import { awsMachineProviderSpecSchema, type AwsMachineProviderSpec } from './machine/aws-machine-provider-spec.js';

export function parseMachineProviderSpec(machine: Machine): AwsMachineProviderSpec {
  if (machine.spec.providerSpec.value === undefined) {
    throw new InvalidProviderSpecError(
      'spec.providerSpec.value',
      'the AWS provider needs the providerSpec inline; resolve valueFrom.machineClass before calling the actuator',
    );
  }
  return parseWith(awsMachineProviderSpecSchema, machine.spec.providerSpec.value, 'spec.providerSpec.value');
}

export function parseClusterProviderSpec(cluster: Cluster): AwsClusterProviderSpec {
  const name = cluster.metadata.name ?? '';
  if (name.length > awsMaximumClusterNameLength) {
    throw new InvalidProviderSpecError(
      'metadata.name',
      `the Cluster name has ${name.length} characters; its resources carry it in tag values of at most 256 characters (as "<cluster>-control-plane-security-group"), so use at most ${awsMaximumClusterNameLength}`,
    );
  }
  return parseWith(awsClusterProviderSpecSchema, cluster.spec.providerSpec?.value ?? {}, 'spec.providerSpec.value');
}

function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown, basePath: string): z.output<Schema> {
  const outcome = schema.safeParse(value, { reportInput: true });
  if (outcome.success) return outcome.data;
  const [issue] = outcome.error.issues;
  if (!issue) throw new InvalidProviderSpecError(basePath, 'invalid');
  const path = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0] as string] : issue.path;
  const fieldPath = [basePath, ...path.map(String)].join('.');
  throw new InvalidProviderSpecError(fieldPath, describeIssue(issue));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}; check the spelling against the AWS providerSpec reference`;
    case 'invalid_type':
      return input === undefined ? `required field is missing (expected ${issue.expected})` : `expected ${issue.expected}, got ${JSON.stringify(input)}`;
    case 'invalid_key':
      // A record key that its key schema refused: say why, not just "invalid key".
      return issue.issues[0]?.message ?? issue.message;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, got ${JSON.stringify(input)}`;
    default:
      return input !== undefined && typeof input !== 'object' && issue.message.startsWith('expected') ? `${issue.message}, got ${JSON.stringify(input)}` : issue.message;
  }
}
