/**
 * The network load balancer in front of the Kubernetes API: a TCP target
 * group of control-plane instances, the load balancer in the cluster's public
 * (or, for an internal scheme, private) subnets, and a TCP listener. ELBv2
 * names are unique per account and Region, so each name is derived from the
 * cluster name and found again by it.
 */
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  type CreateLoadBalancerCommandOutput,
  type CreateTargetGroupCommandOutput,
  type DescribeListenersCommandOutput,
  type DescribeLoadBalancersCommandOutput,
  type DescribeTargetGroupsCommandOutput,
  type LoadBalancer,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { createHash } from 'node:crypto';
import { TerminalError, TransientError } from '@slipway/core';
import { ownershipTags } from '@slipway/provider-utils';
import type { AwsApiClient } from '../api/aws-api-client.js';
import { awsErrorCode } from '../api/aws-error-mapper.js';
import { resourceRoleTagKey } from './cluster-resource-tags.js';
import { ignoringAwsErrors } from '../api/ignore-aws-errors.js';

export interface ApiServerLoadBalancer {
  loadBalancerArn: string;
  dnsName: string;
  targetGroupArn: string;
}

/** ELBv2 names: at most 32 letters, digits and hyphens; long cluster names keep their start and gain a hash. */
export function loadBalancingName(clusterName: string, suffix: string): string {
  const cleaned = clusterName.replace(/[^A-Za-z0-9-]/g, '-').replace(/^-+|-+$/g, '');
  const full = `${cleaned}-${suffix}`;
  if (full.length <= 32) return full;
  const hash = createHash('sha256').update(clusterName).digest('hex').slice(0, 6);
  return `${cleaned.slice(0, 32 - suffix.length - hash.length - 2).replace(/-+$/, '')}-${hash}-${suffix}`;
}

export class ApiServerLoadBalancerManager {
  private readonly api: AwsApiClient;

  constructor(api: AwsApiClient) {
    this.api = api;
  }

  async ensure(
    clusterName: string,
    settings: { scheme: 'internet-facing' | 'internal'; port: number; vpcId: string; subnetIds: readonly string[] },
    additionalTags: Record<string, string>,
    signal: AbortSignal,
  ): Promise<ApiServerLoadBalancer> {
    if (settings.subnetIds.length === 0) {
      throw new TerminalError(
        'InvalidConfiguration',
        `spec.providerSpec.value.network.existing.publicSubnetIds: an ${settings.scheme} API load balancer needs at least one ${settings.scheme === 'internal' ? 'private' : 'public'} subnet`,
      );
    }
    const tags = (role: string) =>
      Object.entries({ ...additionalTags, [resourceRoleTagKey]: role, ...ownershipTags({ clusterName }) }).map(([Key, Value]) => ({ Key, Value }));
    const targetGroupName = loadBalancingName(clusterName, 'apiserver');
    let targetGroup = await this.findTargetGroup(targetGroupName, signal);
    if (!targetGroup) {
      const created = await this.api.loadBalancing<CreateTargetGroupCommandOutput>(
        'CreateTargetGroup',
        new CreateTargetGroupCommand({
          Name: targetGroupName,
          Protocol: 'TCP',
          Port: settings.port,
          VpcId: settings.vpcId,
          TargetType: 'instance',
          HealthCheckProtocol: 'TCP',
          Tags: tags('api-target-group'),
        }),
        { signal },
      );
      targetGroup = created.TargetGroups?.[0];
    }
    const targetGroupArn = targetGroup?.TargetGroupArn;
    if (!targetGroupArn) throw new TransientError('CreateTargetGroup answered without an ARN; the next reconcile finds the resource by its tags and carries on', { requeueAfterMs: 5_000 });

    const loadBalancerName = loadBalancingName(clusterName, 'api');
    let loadBalancer = await this.findLoadBalancer(loadBalancerName, signal);
    if (!loadBalancer) {
      const created = await this.api.loadBalancing<CreateLoadBalancerCommandOutput>(
        'CreateLoadBalancer',
        new CreateLoadBalancerCommand({
          Name: loadBalancerName,
          Type: 'network',
          Scheme: settings.scheme,
          Subnets: [...settings.subnetIds],
          Tags: tags('api-load-balancer'),
        }),
        { signal },
      );
      loadBalancer = created.LoadBalancers?.[0];
    }
    const loadBalancerArn = loadBalancer?.LoadBalancerArn;
    if (!loadBalancerArn || !loadBalancer?.DNSName) throw new TransientError('CreateLoadBalancer answered without an ARN or DNS name; the next reconcile finds the resource by its tags and carries on', { requeueAfterMs: 5_000 });

    const listeners = await this.api.loadBalancing<DescribeListenersCommandOutput>('DescribeListeners', new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn }), { signal });
    if (!listeners.Listeners?.some((listener) => listener.Port === settings.port)) {
      await this.api.loadBalancing(
        'CreateListener',
        new CreateListenerCommand({
          LoadBalancerArn: loadBalancerArn,
          Protocol: 'TCP',
          Port: settings.port,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
        }),
        { signal },
      );
    }
    return { loadBalancerArn, dnsName: loadBalancer.DNSName, targetGroupArn };
  }

  /** Deletes the load balancer (its listeners go with it), then the target group; false while the group is still in use. */
  async remove(clusterName: string, signal: AbortSignal): Promise<boolean> {
    const loadBalancer = await this.findLoadBalancer(loadBalancingName(clusterName, 'api'), signal);
    if (loadBalancer?.LoadBalancerArn) {
      await this.api.loadBalancing('DeleteLoadBalancer', new DeleteLoadBalancerCommand({ LoadBalancerArn: loadBalancer.LoadBalancerArn }), { signal });
    }
    const targetGroup = await this.findTargetGroup(loadBalancingName(clusterName, 'apiserver'), signal);
    if (targetGroup?.TargetGroupArn) {
      const outcome = await ignoringAwsErrors(['ResourceInUse', 'TargetGroupNotFound'], () =>
        this.api.loadBalancing('DeleteTargetGroup', new DeleteTargetGroupCommand({ TargetGroupArn: targetGroup.TargetGroupArn }), { signal }),
      );
      if (outcome === 'ResourceInUse') return false;
    }
    return true;
  }

  private async findLoadBalancer(name: string, signal: AbortSignal): Promise<LoadBalancer | undefined> {
    try {
      const reply = await this.api.loadBalancing<DescribeLoadBalancersCommandOutput>('DescribeLoadBalancers', new DescribeLoadBalancersCommand({ Names: [name] }), { signal });
      return reply.LoadBalancers?.[0];
    } catch (error) {
      if (awsErrorCode(error) === 'LoadBalancerNotFound') return undefined;
      throw error;
    }
  }

  private async findTargetGroup(name: string, signal: AbortSignal): Promise<TargetGroup | undefined> {
    try {
      const reply = await this.api.loadBalancing<DescribeTargetGroupsCommandOutput>('DescribeTargetGroups', new DescribeTargetGroupsCommand({ Names: [name] }), { signal });
      return reply.TargetGroups?.[0];
    } catch (error) {
      if (awsErrorCode(error) === 'TargetGroupNotFound') return undefined;
      throw error;
    }
  }
}
