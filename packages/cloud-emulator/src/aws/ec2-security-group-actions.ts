/**
 * Security groups and their ingress rules. A group still used by an instance
 * or referenced by another group's rule cannot be deleted (DependencyViolation).
 */
import { awsError } from './aws-error.js';
import type { Ec2Action } from './ec2-action.js';
import { describeResources } from './ec2-describe.js';
import type { IpPermission, SecurityGroup } from './ec2-resources.js';
import { emulatedAccountId, type Ec2State } from './ec2-state.js';
import { readTagSpecifications, renderTagSet } from './ec2-tag-set.js';
import type { XmlValue } from './xml-document.js';

function requireGroup(state: Ec2State, groupId: string): SecurityGroup {
  const group = state.securityGroups.get(groupId);
  if (!group) throw awsError('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`);
  return group;
}

function renderGroup(group: SecurityGroup): Record<string, XmlValue> {
  return {
    ownerId: emulatedAccountId,
    groupId: group.groupId,
    groupName: group.groupName,
    groupDescription: group.description,
    vpcId: group.vpcId,
    ipPermissions: group.ingress.map((permission) => ({
      ipProtocol: permission.ipProtocol,
      fromPort: permission.fromPort,
      toPort: permission.toPort,
      groups: permission.sourceGroupIds.map((groupId) => ({ groupId, userId: emulatedAccountId })),
      ipRanges: permission.cidrBlocks.map((cidrIp) => ({ cidrIp })),
    })),
    ipPermissionsEgress: [{ ipProtocol: '-1', groups: [], ipRanges: [{ cidrIp: '0.0.0.0/0' }] }],
    tagSet: renderTagSet(group.tags),
  };
}

export const createSecurityGroup: Ec2Action = (state, parameters) => {
  const groupName = parameters.required('GroupName');
  const description = parameters.required('GroupDescription');
  const vpcId = parameters.string('VpcId') ?? [...state.vpcs.values()].find((vpc) => vpc.isDefault)?.vpcId;
  if (!vpcId || !state.vpcs.has(vpcId)) throw awsError('InvalidVpcID.NotFound', `The vpc ID '${vpcId ?? ''}' does not exist`);
  if (groupName.toLowerCase().startsWith('sg-') || groupName === 'default') {
    throw awsError('InvalidParameterValue', `Group names may not be "default" or start with "sg-": ${groupName}`);
  }
  if ([...state.securityGroups.values()].some((group) => group.vpcId === vpcId && group.groupName === groupName)) {
    throw awsError('InvalidGroup.Duplicate', `The security group '${groupName}' already exists for VPC '${vpcId}'`);
  }
  const group: SecurityGroup = {
    groupId: state.nextId('sg'),
    groupName,
    description,
    vpcId,
    ingress: [],
    tags: readTagSpecifications(parameters, 'security-group'),
  };
  state.securityGroups.set(group.groupId, group);
  return { return: true, groupId: group.groupId, tagSet: renderTagSet(group.tags) };
};

export const describeSecurityGroups: Ec2Action = (state, parameters) => {
  const groupNames = parameters.list('GroupName');
  const { page, nextToken } = describeResources({
    parameters,
    resources: [...state.securityGroups.values()].filter((group) => groupNames.length === 0 || groupNames.includes(group.groupName)),
    idParameter: 'GroupId',
    idOf: (group) => group.groupId,
    notFoundCode: 'InvalidGroup.NotFound',
    notFoundMessage: (id) => `The security group '${id}' does not exist`,
    filterValues: (group, name) => {
      switch (name) {
        case 'group-id': return [group.groupId];
        case 'group-name': return [group.groupName];
        case 'vpc-id': return [group.vpcId];
        case 'description': return [group.description];
        default: return undefined;
      }
    },
    paginated: true,
  });
  return { securityGroupInfo: page.map(renderGroup), nextToken };
};

export const authorizeSecurityGroupIngress: Ec2Action = (state, parameters) => {
  const group = requireGroup(state, parameters.required('GroupId'));
  const requested: IpPermission[] = parameters.structures('IpPermissions').map((permission) => {
    const ipProtocol = permission.required('IpProtocol');
    const sourceGroupIds = permission.structures('Groups').map((source) => source.required('GroupId'));
    for (const sourceGroupId of sourceGroupIds) requireGroup(state, sourceGroupId);
    return {
      ipProtocol,
      fromPort: permission.integer('FromPort'),
      toPort: permission.integer('ToPort'),
      cidrBlocks: permission.structures('IpRanges').map((range) => range.required('CidrIp')),
      sourceGroupIds,
    };
  });
  if (requested.length === 0) throw awsError('MissingParameter', 'The request must contain the parameter IpPermissions');
  for (const permission of requested) {
    const duplicate = group.ingress.some(
      (existing) =>
        existing.ipProtocol === permission.ipProtocol &&
        existing.fromPort === permission.fromPort &&
        existing.toPort === permission.toPort &&
        (permission.cidrBlocks.some((cidr) => existing.cidrBlocks.includes(cidr)) ||
          permission.sourceGroupIds.some((source) => existing.sourceGroupIds.includes(source))),
    );
    if (duplicate) {
      throw awsError('InvalidPermission.Duplicate', `the specified rule "peer: ${[...permission.cidrBlocks, ...permission.sourceGroupIds].join(',')}, ${permission.ipProtocol}, from port: ${permission.fromPort}, to port: ${permission.toPort}, ALLOW" already exists`);
    }
  }
  group.ingress.push(...requested);
  return { return: true };
};

export const deleteSecurityGroup: Ec2Action = (state, parameters) => {
  const group = requireGroup(state, parameters.required('GroupId'));
  if (group.groupName === 'default') throw awsError('CannotDelete', `the specified group: "${group.groupId}" name: "default" cannot be deleted by a user`);
  const usedBy = state.liveInstances().filter((instance) => instance.securityGroupIds.includes(group.groupId));
  const referencedBy = [...state.securityGroups.values()].filter(
    (other) => other.groupId !== group.groupId && other.ingress.some((permission) => permission.sourceGroupIds.includes(group.groupId)),
  );
  if (usedBy.length > 0 || referencedBy.length > 0) {
    throw awsError('DependencyViolation', `resource ${group.groupId} has a dependent object (${[...usedBy.map((instance) => instance.instanceId), ...referencedBy.map((other) => other.groupId)].join(', ')})`);
  }
  state.securityGroups.delete(group.groupId);
  return { return: true };
};
