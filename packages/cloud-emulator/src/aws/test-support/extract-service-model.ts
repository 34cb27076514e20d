/**
 * Regenerates `../aws-service-model-members.ts` from the official AWS service
 * models: the operations the emulator serves and, for each, every query
 * parameter name the SDK may send (list positions written as `N`). Run it when
 * the emulator learns a new action:
 *
 *   npm pack aws-sdk@2 && tar xzf aws-sdk-*.tgz package/apis
 *   node --import tsx src/aws/test-support/extract-service-model.ts package/apis > src/aws/aws-service-model-members.ts
 *
 * The models are large (EC2's is about 1 MB), so only this extract is committed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Shape {
  type?: string;
  shape?: string;
  members?: Record<string, Shape & { locationName?: string; queryName?: string }>;
  member?: Shape & { locationName?: string };
  flattened?: boolean;
  key?: Shape;
  value?: Shape;
}

interface ServiceModel {
  metadata: { protocol: string; apiVersion: string };
  operations: Record<string, { input?: Shape }>;
  shapes: Record<string, Shape>;
}

export const ec2Operations = [
  'RunInstances', 'DescribeInstances', 'DescribeInstanceAttribute', 'TerminateInstances', 'CreateTags', 'DeleteTags', 'DescribeImages',
  'DescribeVpcs', 'DescribeVpcAttribute', 'CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute',
  'DescribeSubnets', 'CreateSubnet', 'DeleteSubnet', 'ModifySubnetAttribute',
  'DescribeInternetGateways', 'CreateInternetGateway', 'AttachInternetGateway', 'DetachInternetGateway', 'DeleteInternetGateway',
  'DescribeAddresses', 'AllocateAddress', 'ReleaseAddress',
  'DescribeNatGateways', 'CreateNatGateway', 'DeleteNatGateway',
  'DescribeRouteTables', 'CreateRouteTable', 'DeleteRouteTable', 'CreateRoute', 'AssociateRouteTable', 'DisassociateRouteTable',
  'DescribeSecurityGroups', 'CreateSecurityGroup', 'DeleteSecurityGroup', 'AuthorizeSecurityGroupIngress',
  'DescribeAvailabilityZones',
] as const;

export const loadBalancingOperations = [
  'CreateLoadBalancer', 'DescribeLoadBalancers', 'DeleteLoadBalancer',
  'CreateTargetGroup', 'DescribeTargetGroups', 'DeleteTargetGroup',
  'CreateListener', 'DescribeListeners', 'DeleteListener',
  'RegisterTargets', 'DeregisterTargets', 'DescribeTargetHealth', 'AddTags', 'DescribeTags',
] as const;

function resolve(model: ServiceModel, shape: Shape): Shape {
  return shape.shape ? { ...model.shapes[shape.shape], ...withoutShape(shape) } : shape;
}

function withoutShape(shape: Shape): Shape {
  const { shape: _ignored, ...rest } = shape;
  return rest;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The EC2 protocol names a member by queryName, else capitalised locationName, else its name; lists are always flat. */
function ec2Names(model: ServiceModel, shape: Shape, prefix: string, out: Set<string>, depth: number): void {
  const resolved = resolve(model, shape);
  if (depth > 12) return;
  if (resolved.type === 'structure' || resolved.members) {
    for (const [name, member] of Object.entries(resolved.members ?? {})) {
      const wireName = member.queryName ?? (member.locationName ? capitalize(member.locationName) : capitalize(name));
      ec2Names(model, member, prefix ? `${prefix}.${wireName}` : wireName, out, depth + 1);
    }
  } else if (resolved.type === 'list') {
    ec2Names(model, resolved.member ?? {}, `${prefix}.N`, out, depth + 1);
  } else {
    out.add(prefix);
  }
}

/** The query protocol (ELBv2) names lists `Name.member.N` unless flattened. */
function queryNames(model: ServiceModel, shape: Shape, prefix: string, out: Set<string>, depth: number): void {
  const resolved = resolve(model, shape);
  if (depth > 12) return;
  if (resolved.type === 'structure' || resolved.members) {
    for (const [name, member] of Object.entries(resolved.members ?? {})) {
      const wireName = member.locationName ?? name;
      queryNames(model, member, prefix ? `${prefix}.${wireName}` : wireName, out, depth + 1);
    }
  } else if (resolved.type === 'list') {
    queryNames(model, resolved.member ?? {}, resolved.flattened ? `${prefix}.N` : `${prefix}.member.N`, out, depth + 1);
  } else if (resolved.type === 'map') {
    const base = resolved.flattened ? `${prefix}.N` : `${prefix}.entry.N`;
    out.add(`${base}.key`);
    out.add(`${base}.value`);
  } else {
    out.add(prefix);
  }
}

function extract(model: ServiceModel, operations: readonly string[], names: typeof ec2Names): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const operation of operations) {
    const definition = model.operations[operation];
    if (!definition) throw new Error(`operation ${operation} is not in the ${model.metadata.apiVersion} model`);
    const out = new Set<string>();
    if (definition.input) names(model, { type: 'structure', ...definition.input }, '', out, 0);
    result[operation] = [...out].sort();
  }
  return result;
}

const directory = process.argv[2] ?? 'package/apis';
const ec2Model = JSON.parse(readFileSync(join(directory, 'ec2-2016-11-15.min.json'), 'utf8')) as ServiceModel;
const loadBalancingModel = JSON.parse(readFileSync(join(directory, 'elasticloadbalancingv2-2015-12-01.min.json'), 'utf8')) as ServiceModel;

const ec2 = extract(ec2Model, ec2Operations, ec2Names);
const loadBalancing = extract(loadBalancingModel, loadBalancingOperations, queryNames);

process.stdout.write(`/**
 * Generated by test-support/extract-service-model.ts from the official AWS
 * service models (EC2 2016-11-15, ELBv2 2015-12-01); do not edit by hand.
 * For each operation the emulator serves: every query parameter the SDK may
 * send, list positions written as N. The emulator answers anything else as EC2
 * does (InvalidAction, UnknownParameter), so a provider that sends a name the
 * real service does not know fails here first.
 */
export const ec2OperationMembers: Readonly<Record<string, readonly string[]>> = ${JSON.stringify(ec2, null, 2)};

export const loadBalancingOperationMembers: Readonly<Record<string, readonly string[]>> = ${JSON.stringify(loadBalancing, null, 2)};
`);
