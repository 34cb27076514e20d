/**
 * The cluster's two security groups and the rules Kubernetes needs between
 * its machines: the API server (from the allowed CIDR blocks and the VPC),
 * etcd, kubelet, controller-manager and scheduler on the control plane;
 * kubelet and NodePorts on nodes; and the usual CNI traffic (BGP, IP-in-IP,
 * VXLAN) inside the VPC on both. Rules use the VPC block rather than group
 * references, so the groups never depend on each other and delete cleanly.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  type CreateSecurityGroupCommandOutput,
  type DescribeSecurityGroupsCommandOutput,
  type IpPermission,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { AwsApiClient } from '../api/aws-api-client.js';
import { clusterFilters, clusterResourceTags, resourceRoleTagKey, tagSpecificationsFor, tagValue } from './cluster-resource-tags.js';
import { ignoringAwsErrors } from '../api/ignore-aws-errors.js';
import { TransientError } from '@slipway/core';

export interface ClusterSecurityGroups {
  controlPlaneSecurityGroupId: string;
  nodeSecurityGroupId: string;
}

interface Rule {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrBlocks: readonly string[];
  description: string;
}

function containerNetworkRules(vpcCidrBlock: string): Rule[] {
  return [
    { protocol: 'tcp', fromPort: 179, toPort: 179, cidrBlocks: [vpcCidrBlock], description: 'CNI BGP' },
    { protocol: '4', cidrBlocks: [vpcCidrBlock], description: 'CNI IP-in-IP' },
    { protocol: 'udp', fromPort: 4789, toPort: 4789, cidrBlocks: [vpcCidrBlock], description: 'CNI VXLAN' },
    { protocol: 'udp', fromPort: 8472, toPort: 8472, cidrBlocks: [vpcCidrBlock], description: 'CNI VXLAN (flannel)' },
  ];
}

export function controlPlaneRules(vpcCidrBlock: string, apiServerPort: number, apiServerIngressCidrBlocks: readonly string[]): Rule[] {
  return [
    { protocol: 'tcp', fromPort: apiServerPort, toPort: apiServerPort, cidrBlocks: [...new Set([...apiServerIngressCidrBlocks, vpcCidrBlock])], description: 'Kubernetes API' },
    { protocol: 'tcp', fromPort: 2379, toPort: 2380, cidrBlocks: [vpcCidrBlock], description: 'etcd' },
    { protocol: 'tcp', fromPort: 10250, toPort: 10250, cidrBlocks: [vpcCidrBlock], description: 'kubelet' },
    { protocol: 'tcp', fromPort: 10257, toPort: 10257, cidrBlocks: [vpcCidrBlock], description: 'kube-controller-manager' },
    { protocol: 'tcp', fromPort: 10259, toPort: 10259, cidrBlocks: [vpcCidrBlock], description: 'kube-scheduler' },
    ...containerNetworkRules(vpcCidrBlock),
  ];
}

export function nodeRules(vpcCidrBlock: string): Rule[] {
  return [
    { protocol: 'tcp', fromPort: 10250, toPort: 10250, cidrBlocks: [vpcCidrBlock], description: 'kubelet' },
    { protocol: 'tcp', fromPort: 30000, toPort: 32767, cidrBlocks: [vpcCidrBlock], description: 'NodePort services' },
    ...containerNetworkRules(vpcCidrBlock),
  ];
}

/** The rules a group lacks, as IpPermissions for one AuthorizeSecurityGroupIngress. */
function missingPermissions(group: SecurityGroup | undefined, rules: readonly Rule[]): IpPermission[] {
  const has = (rule: Rule, cidr: string) =>
    (group?.IpPermissions ?? []).some(
      (permission) =>
        permission.IpProtocol === rule.protocol &&
        permission.FromPort === rule.fromPort &&
        permission.ToPort === rule.toPort &&
        (permission.IpRanges ?? []).some((range) => range.CidrIp === cidr),
    );
  return rules.flatMap((rule) => {
    const cidrs = rule.cidrBlocks.filter((cidr) => !has(rule, cidr));
    if (cidrs.length === 0) return [];
    return [
      {
        IpProtocol: rule.protocol,
        ...(rule.fromPort !== undefined ? { FromPort: rule.fromPort, ToPort: rule.toPort } : {}),
        IpRanges: cidrs.map((CidrIp) => ({ CidrIp, Description: rule.description })),
      },
    ];
  });
}

export class ClusterSecurityGroupManager {
  private readonly api: AwsApiClient;

  constructor(api: AwsApiClient) {
    this.api = api;
  }

  async ensure(
    clusterName: string,
    network: { vpcId: string; vpcCidrBlock: string },
    apiServer: { port: number; ingressCidrBlocks: readonly string[] },
    additionalTags: Record<string, string>,
    signal: AbortSignal,
  ): Promise<ClusterSecurityGroups> {
    const existing = await this.api.ec2<DescribeSecurityGroupsCommandOutput>(
      'DescribeSecurityGroups',
      new DescribeSecurityGroupsCommand({ Filters: [...clusterFilters(clusterName), { Name: 'vpc-id', Values: [network.vpcId] }] }),
      { signal },
    );
    const ensureGroup = async (role: 'control-plane-security-group' | 'node-security-group', rules: readonly Rule[]): Promise<string> => {
      let group = existing.SecurityGroups?.find((candidate) => tagValue(candidate.Tags, resourceRoleTagKey) === role);
      let groupId = group?.GroupId;
      if (!groupId) {
        const name = `${clusterName}-${role === 'control-plane-security-group' ? 'control-plane' : 'node'}`;
        const created = await this.api.ec2<CreateSecurityGroupCommandOutput>(
          'CreateSecurityGroup',
          new CreateSecurityGroupCommand({
            GroupName: name,
            Description: `Slipway cluster ${clusterName}: ${role === 'control-plane-security-group' ? 'control-plane machines' : 'worker machines'}`,
            VpcId: network.vpcId,
            TagSpecifications: tagSpecificationsFor('security-group', clusterResourceTags(clusterName, role, additionalTags)),
          }),
          { signal },
        );
        groupId = created.GroupId;
        group = undefined;
      }
      if (!groupId) throw new TransientError('CreateSecurityGroup answered without a group id; the next reconcile finds the resource by its tags and carries on', { requeueAfterMs: 5_000 });
      await this.authorizeMissing(groupId, group, rules, signal);
      return groupId;
    };
    const controlPlaneSecurityGroupId = await ensureGroup('control-plane-security-group', controlPlaneRules(network.vpcCidrBlock, apiServer.port, apiServer.ingressCidrBlocks));
    const nodeSecurityGroupId = await ensureGroup('node-security-group', nodeRules(network.vpcCidrBlock));
    return { controlPlaneSecurityGroupId, nodeSecurityGroupId };
  }

  /**
   * Adds the rules the group lacks. EC2 refuses the whole call with
   * InvalidPermission.Duplicate when any one rule is already there (another
   * reconcile, or a person, added it meanwhile) and then adds none of them: so
   * the group is read again and what is still missing is sent again. Every round
   * finds at least one more rule present, so the rounds are bounded by the rules.
   */
  private async authorizeMissing(groupId: string, known: SecurityGroup | undefined, rules: readonly Rule[], signal: AbortSignal): Promise<void> {
    let group = known;
    for (let round = 0; round <= rules.length; round += 1) {
      const missing = missingPermissions(group, rules);
      if (missing.length === 0) return;
      const refused = await ignoringAwsErrors(['InvalidPermission.Duplicate'], () =>
        this.api.ec2('AuthorizeSecurityGroupIngress', new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: missing }), { signal }),
      );
      if (refused === undefined) return;
      const reread = await this.api.ec2<DescribeSecurityGroupsCommandOutput>('DescribeSecurityGroups', new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }), { signal });
      group = reread.SecurityGroups?.[0];
    }
    throw new TransientError(`security group ${groupId}: rules kept changing while Slipway added the missing ones; the next reconcile tries again`, { requeueAfterMs: 5_000 });
  }

  /** False while an instance (still shutting down) holds a group. */
  async remove(clusterName: string, signal: AbortSignal): Promise<boolean> {
    const existing = await this.api.ec2<DescribeSecurityGroupsCommandOutput>(
      'DescribeSecurityGroups',
      new DescribeSecurityGroupsCommand({ Filters: [...clusterFilters(clusterName), { Name: `tag:${resourceRoleTagKey}`, Values: ['control-plane-security-group', 'node-security-group'] }] }),
      { signal },
    );
    let done = true;
    for (const group of existing.SecurityGroups ?? []) {
      const outcome = await ignoringAwsErrors(['InvalidGroup.NotFound', 'DependencyViolation'], () =>
        this.api.ec2('DeleteSecurityGroup', new DeleteSecurityGroupCommand({ GroupId: group.GroupId }), { signal }),
      );
      if (outcome === 'DependencyViolation') done = false;
    }
    return done;
  }
}
