/**
 * The network Slipway creates for a cluster that brings none: a VPC, one
 * public and one private subnet per zone, an internet gateway, a NAT gateway
 * (with its Elastic IP) for the private subnets' way out, and the two route
 * tables. Each step first looks for the resource by the cluster's tags, so
 * `ensure` can be re-run after a crash at any point; `remove` deletes in
 * dependency order and says when it has to wait (a NAT gateway takes a while
 * to go).
 */
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeAddressesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  DisassociateRouteTableCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  ReleaseAddressCommand,
  type AllocateAddressCommandOutput,
  type CreateInternetGatewayCommandOutput,
  type CreateNatGatewayCommandOutput,
  type CreateRouteTableCommandOutput,
  type CreateSubnetCommandOutput,
  type CreateVpcCommandOutput,
  type DescribeAddressesCommandOutput,
  type DescribeAvailabilityZonesCommandOutput,
  type DescribeInternetGatewaysCommandOutput,
  type DescribeNatGatewaysCommandOutput,
  type DescribeRouteTablesCommandOutput,
  type DescribeSubnetsCommandOutput,
  type DescribeVpcAttributeCommandOutput,
  type DescribeVpcsCommandOutput,
  type RouteTable,
  type Subnet,
} from '@aws-sdk/client-ec2';
import { idempotencyKeyFromMachineUid } from '@slipway/provider-utils';
import type { AwsApiClient } from '../api/aws-api-client.js';
import type { AwsClusterProviderSpec } from './aws-cluster-provider-spec.js';
import { ignoringAwsErrors } from '../api/ignore-aws-errors.js';
import { availabilityZoneTagKey, clusterFilters, clusterResourceTags, resourceRoleTagKey, tagSpecificationsFor, tagValue, type ClusterResourceRole } from './cluster-resource-tags.js';
import { TerminalError, TransientError } from '@slipway/core';

type ManagedNetworkSpec = NonNullable<AwsClusterProviderSpec['network']['managed']>;

export interface ManagedNetwork {
  vpcId: string;
  vpcCidrBlock: string;
  internetGatewayId: string;
  natGatewayId: string | undefined;
  zones: string[];
  publicSubnetIds: string[];
  privateSubnetIds: string[];
}

/** Splits the VPC block into /(n+4) subnets: zone i gets block 2i (public) and 2i+1 (private). */
export function subnetCidrBlock(vpcCidrBlock: string, index: number): string {
  const [address, prefixText] = vpcCidrBlock.split('/');
  const prefix = Number(prefixText);
  const base = (address ?? '0.0.0.0').split('.').reduce((total, octet) => total * 256 + Number(octet), 0);
  const subnetPrefix = prefix + 4;
  const start = base + index * 2 ** (32 - subnetPrefix);
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
  return `${octets.join('.')}/${subnetPrefix}`;
}

export class ManagedNetworkManager {
  private readonly api: AwsApiClient;

  constructor(api: AwsApiClient) {
    this.api = api;
  }

  async ensure(clusterName: string, spec: ManagedNetworkSpec, additionalTags: Record<string, string>, signal: AbortSignal): Promise<ManagedNetwork> {
    const tags = (role: ClusterResourceRole, extra: Record<string, string> = {}) => clusterResourceTags(clusterName, role, additionalTags, extra);
    const zones = spec.availabilityZones ?? (await this.firstZone(signal));

    // The VPC, with DNS hostnames so instances get resolvable private names.
    const vpcs = await this.api.ec2<DescribeVpcsCommandOutput>('DescribeVpcs', new DescribeVpcsCommand({ Filters: clusterFilters(clusterName, 'vpc') }), { signal });
    let vpc = vpcs.Vpcs?.[0];
    if (!vpc) {
      const created = await this.api.ec2<CreateVpcCommandOutput>(
        'CreateVpc',
        new CreateVpcCommand({ CidrBlock: spec.cidrBlock, TagSpecifications: tagSpecificationsFor('vpc', tags('vpc')) }),
        { signal },
      );
      vpc = created.Vpc;
    }
    const vpcId = vpc?.VpcId;
    if (!vpcId) throw new TransientError('CreateVpc answered without a VPC id; the next reconcile finds the resource by its tags and carries on', { requeueAfterMs: 5_000 });
    const vpcCidrBlock = vpc?.CidrBlock ?? spec.cidrBlock;
    const hostnames = await this.api.ec2<DescribeVpcAttributeCommandOutput>(
      'DescribeVpcAttribute',
      new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }),
      { signal },
    );
    if (hostnames.EnableDnsHostnames?.Value !== true) {
      await this.api.ec2('ModifyVpcAttribute', new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }), { signal });
    }

    // The internet gateway, attached.
    const gateways = await this.api.ec2<DescribeInternetGatewaysCommandOutput>(
      'DescribeInternetGateways',
      new DescribeInternetGatewaysCommand({ Filters: clusterFilters(clusterName, 'internet-gateway') }),
      { signal },
    );
    let gateway = gateways.InternetGateways?.[0];
    if (!gateway) {
      const created = await this.api.ec2<CreateInternetGatewayCommandOutput>(
        'CreateInternetGateway',
        new CreateInternetGatewayCommand({ TagSpecifications: tagSpecificationsFor('internet-gateway', tags('internet-gateway')) }),
        { signal },
      );
      gateway = created.InternetGateway;
    }
    const internetGatewayId = gateway?.InternetGatewayId;
    if (!internetGatewayId) throw new TransientError('CreateInternetGateway answered without an id; the next reconcile finds the resource by its tags and carries on', { requeueAfterMs: 5_000 });
    if (!gateway?.Attachments?.some((attachment) => attachment.VpcId === vpcId)) {
      await this.api.ec2('AttachInternetGateway', new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }), { signal });
    }

    // A public and a private subnet per zone.
    const existingSubnets = await this.api.ec2<DescribeSubnetsCommandOutput>(
      'DescribeSubnets',
      new DescribeSubnetsCommand({ Filters: [...clusterFilters(clusterName), { Name: 'vpc-id', Values: [vpcId] }] }),
      { signal },
    );
    const findSubnet = (role: ClusterResourceRole, zone: string): Subnet | undefined =>
      existingSubnets.Subnets?.find((subnet) => tagValue(subnet.Tags, resourceRoleTagKey) === role && subnet.AvailabilityZone === zone);
    const publicSubnetIds: string[] = [];
    const privateSubnetIds: string[] = [];
    for (const [index, zone] of zones.entries()) {
      for (const [role, blockIndex, list] of [
        ['public-subnet', 2 * index, publicSubnetIds],
        ['private-subnet', 2 * index + 1, privateSubnetIds],
      ] as const) {
        let subnet = findSubnet(role, zone);
        if (!subnet) {
          const created = await this.api.ec2<CreateSubnetCommandOutput>(
            'CreateSubnet',
            new CreateSubnetCommand({
              VpcId: vpcId,
              CidrBlock: subnetCidrBlock(vpcCidrBlock, blockIndex),
              AvailabilityZone: zone,
              TagSpecifications: tagSpecificationsFor('subnet', tags(role, { [availabilityZoneTagKey]: zone })),
            }),
            { signal },
          );
          subnet = created.Subnet;
        }
        const subnetId = subnet?.SubnetId;
        if (!subnetId) throw new TransientError('CreateSubnet answered without an id; the next reconcile finds the resource by its tags and carries on', { requeueAfterMs: 5_000 });
        if (role === 'public-subnet' && !subnet?.MapPublicIpOnLaunch) {
          await this.api.ec2('ModifySubnetAttribute', new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: true } }), { signal });
        }
        list.push(subnetId);
      }
    }

    // The NAT gateway in the first public subnet, with its address.
    let natGatewayId: string | undefined;
    if (spec.natGateway) natGatewayId = await this.ensureNatGateway(clusterName, tags, publicSubnetIds[0] ?? '', signal);

    // Route tables: public → internet gateway, private → NAT gateway.
    const tables = await this.api.ec2<DescribeRouteTablesCommandOutput>(
      'DescribeRouteTables',
      new DescribeRouteTablesCommand({ Filters: [...clusterFilters(clusterName), { Name: 'vpc-id', Values: [vpcId] }] }),
      { signal },
    );
    await this.ensureRouteTable(tables.RouteTables ?? [], 'public-route-table', vpcId, tags, { GatewayId: internetGatewayId }, publicSubnetIds, signal);
    await this.ensureRouteTable(tables.RouteTables ?? [], 'private-route-table', vpcId, tags, natGatewayId ? { NatGatewayId: natGatewayId } : undefined, privateSubnetIds, signal);

    return { vpcId, vpcCidrBlock, internetGatewayId, natGatewayId, zones, publicSubnetIds, privateSubnetIds };
  }

  /** Deletes the cluster's network in dependency order; false while something still has to go first (call again). */
  async remove(clusterName: string, signal: AbortSignal): Promise<boolean> {
    const gateways = await this.api.ec2<DescribeNatGatewaysCommandOutput>(
      'DescribeNatGateways',
      new DescribeNatGatewaysCommand({ Filter: [...clusterFilters(clusterName, 'nat-gateway'), { Name: 'state', Values: ['pending', 'available', 'deleting', 'failed'] }] }),
      { signal },
    );
    let natGatewaysGone = true;
    for (const gateway of gateways.NatGateways ?? []) {
      natGatewaysGone = false;
      if (gateway.NatGatewayId && gateway.State !== 'deleting') {
        await ignoringAwsErrors(['NatGatewayNotFound'], () => this.api.ec2('DeleteNatGateway', new DeleteNatGatewayCommand({ NatGatewayId: gateway.NatGatewayId }), { signal }));
      }
    }
    if (!natGatewaysGone) return false;

    const addresses = await this.api.ec2<DescribeAddressesCommandOutput>('DescribeAddresses', new DescribeAddressesCommand({ Filters: clusterFilters(clusterName, 'nat-address') }), { signal });
    for (const address of addresses.Addresses ?? []) {
      if (address.AllocationId) {
        await ignoringAwsErrors(['InvalidAllocationID.NotFound'], () => this.api.ec2('ReleaseAddress', new ReleaseAddressCommand({ AllocationId: address.AllocationId }), { signal }));
      }
    }

    const tables = await this.api.ec2<DescribeRouteTablesCommandOutput>('DescribeRouteTables', new DescribeRouteTablesCommand({ Filters: clusterFilters(clusterName) }), { signal });
    for (const table of tables.RouteTables ?? []) {
      for (const association of table.Associations ?? []) {
        if (association.Main || !association.RouteTableAssociationId) continue;
        await ignoringAwsErrors(['InvalidAssociationID.NotFound'], () =>
          this.api.ec2('DisassociateRouteTable', new DisassociateRouteTableCommand({ AssociationId: association.RouteTableAssociationId }), { signal }),
        );
      }
      if (table.RouteTableId) {
        await ignoringAwsErrors(['InvalidRouteTableID.NotFound'], () => this.api.ec2('DeleteRouteTable', new DeleteRouteTableCommand({ RouteTableId: table.RouteTableId }), { signal }));
      }
    }

    const internetGateways = await this.api.ec2<DescribeInternetGatewaysCommandOutput>(
      'DescribeInternetGateways',
      new DescribeInternetGatewaysCommand({ Filters: clusterFilters(clusterName, 'internet-gateway') }),
      { signal },
    );
    for (const gateway of internetGateways.InternetGateways ?? []) {
      for (const attachment of gateway.Attachments ?? []) {
        const detached = await ignoringAwsErrors(['Gateway.NotAttached', 'DependencyViolation'], () =>
          this.api.ec2('DetachInternetGateway', new DetachInternetGatewayCommand({ InternetGatewayId: gateway.InternetGatewayId, VpcId: attachment.VpcId }), { signal }),
        );
        if (detached === 'DependencyViolation') return false;
      }
      await ignoringAwsErrors(['InvalidInternetGatewayID.NotFound'], () =>
        this.api.ec2('DeleteInternetGateway', new DeleteInternetGatewayCommand({ InternetGatewayId: gateway.InternetGatewayId }), { signal }),
      );
    }

    const subnets = await this.api.ec2<DescribeSubnetsCommandOutput>('DescribeSubnets', new DescribeSubnetsCommand({ Filters: clusterFilters(clusterName) }), { signal });
    for (const subnet of subnets.Subnets ?? []) {
      const outcome = await ignoringAwsErrors(['InvalidSubnetID.NotFound', 'DependencyViolation'], () =>
        this.api.ec2('DeleteSubnet', new DeleteSubnetCommand({ SubnetId: subnet.SubnetId }), { signal }),
      );
      if (outcome === 'DependencyViolation') return false;
    }
    return true;
  }

  /** Deletes the VPC itself, once its security groups are gone; false while something still depends on it. */
  async removeVpc(clusterName: string, signal: AbortSignal): Promise<boolean> {
    const vpcs = await this.api.ec2<DescribeVpcsCommandOutput>('DescribeVpcs', new DescribeVpcsCommand({ Filters: clusterFilters(clusterName, 'vpc') }), { signal });
    for (const vpc of vpcs.Vpcs ?? []) {
      const outcome = await ignoringAwsErrors(['InvalidVpcID.NotFound', 'DependencyViolation'], () => this.api.ec2('DeleteVpc', new DeleteVpcCommand({ VpcId: vpc.VpcId }), { signal }));
      if (outcome === 'DependencyViolation') return false;
    }
    return true;
  }

  private async firstZone(signal: AbortSignal): Promise<string[]> {
    const zones = await this.api.ec2<DescribeAvailabilityZonesCommandOutput>('DescribeAvailabilityZones', new DescribeAvailabilityZonesCommand({}), { signal });
    const first = zones.AvailabilityZones?.find((zone) => zone.State === 'available')?.ZoneName;
    if (!first) throw new TerminalError('InvalidConfiguration', 'DescribeAvailabilityZones lists no available Availability Zone in this region; name the zones in the Cluster\'s spec.providerSpec.value.network.availabilityZones, or choose another region');
    return [first];
  }

  private async ensureNatGateway(
    clusterName: string,
    tags: (role: ClusterResourceRole) => Record<string, string>,
    subnetId: string,
    signal: AbortSignal,
  ): Promise<string> {
    const gateways = await this.api.ec2<DescribeNatGatewaysCommandOutput>(
      'DescribeNatGateways',
      new DescribeNatGatewaysCommand({ Filter: [...clusterFilters(clusterName, 'nat-gateway'), { Name: 'state', Values: ['pending', 'available'] }] }),
      { signal },
    );
    const existing = gateways.NatGateways?.[0]?.NatGatewayId;
    if (existing) return existing;
    const addresses = await this.api.ec2<DescribeAddressesCommandOutput>('DescribeAddresses', new DescribeAddressesCommand({ Filters: clusterFilters(clusterName, 'nat-address') }), { signal });
    let allocationId = addresses.Addresses?.find((address) => !address.AssociationId)?.AllocationId;
    if (!allocationId) {
      const allocated = await this.api.ec2<AllocateAddressCommandOutput>(
        'AllocateAddress',
        new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: tagSpecificationsFor('elastic-ip', tags('nat-address')) }),
        { signal },
      );
      allocationId = allocated.AllocationId;
    }
    const created = await this.api.ec2<CreateNatGatewayCommandOutput>(
      'CreateNatGateway',
      new CreateNatGatewayCommand({
        SubnetId: subnetId,
        AllocationId: allocationId,
        ClientToken: idempotencyKeyFromMachineUid(`${clusterName}/${allocationId}`, 'nat-gateway'),
        TagSpecifications: tagSpecificationsFor('natgateway', tags('nat-gateway')),
      }),
      { signal },
    );
    const natGatewayId = created.NatGateway?.NatGatewayId;
    if (!natGatewayId) throw new TransientError('CreateNatGateway answered without an id; the next reconcile finds the resource by its tags and carries on', { requeueAfterMs: 5_000 });
    return natGatewayId;
  }

  private async ensureRouteTable(
    existing: readonly RouteTable[],
    role: 'public-route-table' | 'private-route-table',
    vpcId: string,
    tags: (role: ClusterResourceRole) => Record<string, string>,
    defaultRoute: { GatewayId?: string; NatGatewayId?: string } | undefined,
    subnetIds: readonly string[],
    signal: AbortSignal,
  ): Promise<void> {
    let table = existing.find((candidate) => tagValue(candidate.Tags, resourceRoleTagKey) === role);
    if (!table) {
      const created = await this.api.ec2<CreateRouteTableCommandOutput>(
        'CreateRouteTable',
        new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: tagSpecificationsFor('route-table', tags(role)) }),
        { signal },
      );
      table = created.RouteTable;
    }
    const routeTableId = table?.RouteTableId;
    if (!routeTableId) throw new TransientError('CreateRouteTable answered without an id; the next reconcile finds the resource by its tags and carries on', { requeueAfterMs: 5_000 });
    if (defaultRoute && !table?.Routes?.some((route) => route.DestinationCidrBlock === '0.0.0.0/0' && route.State !== 'blackhole')) {
      await ignoringAwsErrors(['RouteAlreadyExists'], () =>
        this.api.ec2('CreateRoute', new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: '0.0.0.0/0', ...defaultRoute }), { signal }),
      );
    }
    for (const subnetId of subnetIds) {
      if (table?.Associations?.some((association) => association.SubnetId === subnetId)) continue;
      await ignoringAwsErrors(['Resource.AlreadyAssociated'], () => this.api.ec2('AssociateRouteTable', new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }), { signal }));
    }
  }
}
