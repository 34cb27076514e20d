/**
 * The Cluster actuator for AWS: the cluster-wide infrastructure every machine
 * relies on. `reconcile` ensures the network (an existing VPC and subnets, or
 * a managed one), the control-plane and node security groups and the API load
 * balancer, and records where they are in `status.providerStatus`; `delete`
 * removes everything the cluster owns in dependency order, idempotently, and
 * asks to be called again while something still has to go first.
 */
import { DescribeInstancesCommand, DescribeSubnetsCommand, DescribeVpcsCommand, type DescribeInstancesCommandOutput, type DescribeSubnetsCommandOutput, type DescribeVpcsCommandOutput } from '@aws-sdk/client-ec2';
import {
  TerminalError,
  type ActuatorContextV1,
  type Cluster,
  type ClusterActuatorV1,
  type ClusterDeleteResultV1,
  type ClusterReconcileResultV1,
  type ClusterRequestV1,
} from '@slipway/core';
import { ownershipTagKeys } from '@slipway/provider-utils';
import { ApiServerLoadBalancerManager } from './api-server-load-balancer.js';
import type { AwsApiClient } from '../api/aws-api-client.js';
import { managedNetworkSchema, type AwsClusterProviderSpec } from './aws-cluster-provider-spec.js';
import type { AwsClusterProviderStatus } from './aws-cluster-provider-status.js';
import { ClusterSecurityGroupManager } from './cluster-security-groups.js';
import { ManagedNetworkManager } from './managed-network.js';
import { parseClusterProviderSpec } from '../parse-aws-provider-spec.js';

export interface AwsClusterActuatorOptions {
  api: AwsApiClient;
  /** The region the clients talk to, for the check against the Cluster's `region`. */
  region: () => Promise<string>;
  /** How long to wait before asking again while deletion waits on something; default 15 s. */
  deleteRequeueMs?: number;
}

interface NetworkPlacement {
  vpcId: string;
  vpcCidrBlock: string;
  managed: boolean;
  publicSubnetIds: string[];
  privateSubnetIds: string[];
  privateSubnetZones: string[];
  internetGatewayId?: string;
  natGatewayId?: string;
}

export class AwsClusterActuator implements ClusterActuatorV1 {
  readonly specificationVersion = 'v1' as const;
  private readonly api: AwsApiClient;
  private readonly region: () => Promise<string>;
  private readonly network: ManagedNetworkManager;
  private readonly securityGroups: ClusterSecurityGroupManager;
  private readonly loadBalancer: ApiServerLoadBalancerManager;
  private readonly deleteRequeueMs: number;

  constructor(options: AwsClusterActuatorOptions) {
    this.api = options.api;
    this.region = options.region;
    this.network = new ManagedNetworkManager(options.api);
    this.securityGroups = new ClusterSecurityGroupManager(options.api);
    this.loadBalancer = new ApiServerLoadBalancerManager(options.api);
    this.deleteRequeueMs = options.deleteRequeueMs ?? 15_000;
  }

  async reconcile(request: ClusterRequestV1, context: ActuatorContextV1): Promise<ClusterReconcileResultV1> {
    const { cluster } = request;
    const spec = parseClusterProviderSpec(cluster);
    const clusterName = requireName(cluster);
    const region = await this.checkRegion(spec);
    const signal = context.signal;

    const placement = spec.network.existing
      ? await this.existingNetwork(spec.network.existing, signal)
      : await this.managedNetwork(clusterName, spec, signal);
    const groups = await this.securityGroups.ensure(
      clusterName,
      placement,
      { port: spec.apiServerLoadBalancer.port, ingressCidrBlocks: spec.apiServerIngressCidrBlocks },
      spec.additionalTags,
      signal,
    );
    const status: AwsClusterProviderStatus = {
      region,
      vpcId: placement.vpcId,
      vpcCidrBlock: placement.vpcCidrBlock,
      managedNetwork: placement.managed,
      publicSubnetIds: placement.publicSubnetIds,
      privateSubnetIds: placement.privateSubnetIds,
      privateSubnetZones: placement.privateSubnetZones,
      ...groups,
      ...(placement.internetGatewayId ? { internetGatewayId: placement.internetGatewayId } : {}),
      ...(placement.natGatewayId ? { natGatewayId: placement.natGatewayId } : {}),
    };
    if (!spec.apiServerLoadBalancer.enabled) {
      context.logger.info('API load balancer disabled; the first control-plane machine will serve the API', { cluster: clusterName });
      return { apiEndpoints: [], providerStatus: status };
    }
    const scheme = spec.apiServerLoadBalancer.scheme;
    const balancer = await this.loadBalancer.ensure(
      clusterName,
      { scheme, port: spec.apiServerLoadBalancer.port, vpcId: placement.vpcId, subnetIds: scheme === 'internal' ? placement.privateSubnetIds : placement.publicSubnetIds },
      spec.additionalTags,
      signal,
    );
    return {
      apiEndpoints: [{ host: balancer.dnsName, port: spec.apiServerLoadBalancer.port }],
      providerStatus: { ...status, loadBalancerArn: balancer.loadBalancerArn, loadBalancerDnsName: balancer.dnsName, targetGroupArn: balancer.targetGroupArn },
    };
  }

  async delete(request: ClusterRequestV1, context: ActuatorContextV1): Promise<ClusterDeleteResultV1> {
    const { cluster } = request;
    const clusterName = requireName(cluster);
    const signal = context.signal;
    const waiting = (what: string): ClusterDeleteResultV1 => {
      context.logger.info(`cluster deletion waits for ${what}`, { cluster: clusterName });
      return { gone: false, requeueAfterMs: this.deleteRequeueMs };
    };
    // Machines go first (their controller deletes them); subnets and groups cannot go while instances hold them.
    const instances = await this.api.ec2<DescribeInstancesCommandOutput>(
      'DescribeInstances',
      new DescribeInstancesCommand({
        Filters: [
          { Name: `tag:${ownershipTagKeys.clusterName}`, Values: [clusterName] },
          { Name: 'instance-state-name', Values: ['pending', 'running', 'shutting-down', 'stopping', 'stopped'] },
        ],
        MaxResults: 5,
      }),
      { signal },
    );
    if ((instances.Reservations ?? []).some((reservation) => (reservation.Instances ?? []).length > 0)) return waiting('its instances to terminate');
    if (!(await this.loadBalancer.remove(clusterName, signal))) return waiting('the API target group to be released');
    if (!(await this.network.remove(clusterName, signal))) return waiting('the NAT gateway and subnets to go');
    if (!(await this.securityGroups.remove(clusterName, signal))) return waiting('its security groups to be released');
    if (!(await this.network.removeVpc(clusterName, signal))) return waiting('the VPC to be free of dependencies');
    return { gone: true };
  }

  private async checkRegion(spec: AwsClusterProviderSpec): Promise<string> {
    const region = await this.region();
    if (spec.region !== undefined && spec.region !== region) {
      throw new TerminalError(
        'InvalidConfiguration',
        `spec.providerSpec.value.region: the Cluster is in ${spec.region} but the AWS provider is configured for ${region}; set AWS_REGION (or the provider's region setting) to ${spec.region}`,
      );
    }
    return region;
  }

  private async existingNetwork(existing: NonNullable<AwsClusterProviderSpec['network']['existing']>, signal: AbortSignal): Promise<NetworkPlacement> {
    const vpcs = await this.api.ec2<DescribeVpcsCommandOutput>('DescribeVpcs', new DescribeVpcsCommand({ VpcIds: [existing.vpcId] }), { signal });
    const vpc = vpcs.Vpcs?.[0];
    if (!vpc?.CidrBlock) throw new TerminalError('InvalidConfiguration', `spec.providerSpec.value.network.existing.vpcId: VPC ${existing.vpcId} was not found`);
    // A subnet may be both public and private (one subnet for everything): ask for each once.
    const subnetIds = [...new Set([...existing.publicSubnetIds, ...existing.privateSubnetIds])];
    const subnets = await this.api.ec2<DescribeSubnetsCommandOutput>('DescribeSubnets', new DescribeSubnetsCommand({ SubnetIds: subnetIds }), { signal });
    const zoneOf = new Map((subnets.Subnets ?? []).map((subnet) => [subnet.SubnetId ?? '', subnet]));
    for (const subnetId of subnetIds) {
      const subnet = zoneOf.get(subnetId);
      if (subnet?.VpcId !== existing.vpcId) {
        throw new TerminalError('InvalidConfiguration', `spec.providerSpec.value.network.existing: subnet ${subnetId} is not in VPC ${existing.vpcId}`);
      }
    }
    return {
      vpcId: existing.vpcId,
      vpcCidrBlock: vpc.CidrBlock,
      managed: false,
      publicSubnetIds: [...existing.publicSubnetIds],
      privateSubnetIds: [...existing.privateSubnetIds],
      privateSubnetZones: existing.privateSubnetIds.map((subnetId) => zoneOf.get(subnetId)?.AvailabilityZone ?? ''),
    };
  }

  private async managedNetwork(clusterName: string, spec: AwsClusterProviderSpec, signal: AbortSignal): Promise<NetworkPlacement> {
    const managed = spec.network.managed ?? managedNetworkSchema.parse({});
    const network = await this.network.ensure(clusterName, managed, spec.additionalTags, signal);
    return {
      vpcId: network.vpcId,
      vpcCidrBlock: network.vpcCidrBlock,
      managed: true,
      publicSubnetIds: network.publicSubnetIds,
      privateSubnetIds: network.privateSubnetIds,
      privateSubnetZones: network.zones,
      internetGatewayId: network.internetGatewayId,
      ...(network.natGatewayId ? { natGatewayId: network.natGatewayId } : {}),
    };
  }
}

function requireName(cluster: Cluster): string {
  const name = cluster.metadata.name;
  if (!name) throw new TerminalError('InvalidConfiguration', 'the Cluster has no metadata.name; the AWS provider tags every resource with it');
  return name;
}
