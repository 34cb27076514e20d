/**
 * Turns a Machine's providerSpec references into what RunInstances takes: the
 * AMI (by id, or the newest image matching owner and filters) with its root
 * device name, the subnet (by id, filters, the cluster's private subnets, or
 * the account default) and the security groups (by id, filters, or the
 * cluster's group for the machine's role). Lookups are cached and shared.
 */
import {
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  type DescribeImagesCommandOutput,
  type DescribeSecurityGroupsCommandOutput,
  type DescribeSubnetsCommandOutput,
  type Filter,
} from '@aws-sdk/client-ec2';
import { InvalidProviderSpecError, type ClockV1 } from '@slipway/core';
import type { AwsApiClient } from '../api/aws-api-client.js';
import type { AwsClusterProviderStatus } from '../cluster/aws-cluster-provider-status.js';
import type { AmiReference, AwsMachineProviderSpec, Ec2FilterSpec } from './aws-machine-provider-spec.js';
import { CachedLookup } from './cached-lookup.js';

export interface ResolvedImage {
  imageId: string;
  rootDeviceName: string;
}

export interface ResolvedPlacement {
  image: ResolvedImage;
  /** Undefined: let EC2 pick the default subnet of the zone. */
  subnetId: string | undefined;
  securityGroupIds: string[];
}

const specPath = 'spec.providerSpec.value';

function toFilters(filters: readonly Ec2FilterSpec[]): Filter[] {
  return filters.map((filter) => ({ Name: filter.name, Values: [...filter.values] }));
}

export class MachinePlacementResolver {
  private readonly api: AwsApiClient;
  private readonly images: CachedLookup<ResolvedImage>;
  private readonly subnets: CachedLookup<string>;
  private readonly securityGroups: CachedLookup<string[]>;

  constructor(api: AwsApiClient, clock: ClockV1, timeToLiveMs: number) {
    this.api = api;
    this.images = new CachedLookup(clock, timeToLiveMs);
    this.subnets = new CachedLookup(clock, timeToLiveMs);
    this.securityGroups = new CachedLookup(clock, timeToLiveMs);
  }

  async resolve(
    spec: AwsMachineProviderSpec,
    cluster: AwsClusterProviderStatus,
    role: 'control-plane' | 'worker',
    signal: AbortSignal,
  ): Promise<ResolvedPlacement> {
    const [image, subnetId, securityGroupIds] = await Promise.all([
      this.resolveImage(spec.ami, signal),
      this.resolveSubnet(spec, cluster, signal),
      this.resolveSecurityGroups(spec, cluster, role, signal),
    ]);
    return { image, subnetId, securityGroupIds };
  }

  private resolveImage(ami: AmiReference, signal: AbortSignal): Promise<ResolvedImage> {
    return this.images.get(JSON.stringify(ami), async () => {
      const input = ami.id !== undefined ? { ImageIds: [ami.id] } : { Owners: ami.owners ?? [], Filters: toFilters(ami.filters ?? []) };
      const reply = await this.api.ec2<DescribeImagesCommandOutput>('DescribeImages', new DescribeImagesCommand(input), { signal });
      const newest = [...(reply.Images ?? [])]
        .filter((image) => image.ImageId && (image.State === undefined || image.State === 'available'))
        .sort((left, right) => (right.CreationDate ?? '').localeCompare(left.CreationDate ?? ''))[0];
      if (!newest?.ImageId) {
        throw new InvalidProviderSpecError(`${specPath}.ami`, `no available image matches ${JSON.stringify(ami)}; check the owners and filters (or the id) in this region`);
      }
      return { imageId: newest.ImageId, rootDeviceName: newest.RootDeviceName ?? '/dev/xvda' };
    });
  }

  private async resolveSubnet(spec: AwsMachineProviderSpec, cluster: AwsClusterProviderStatus, signal: AbortSignal): Promise<string | undefined> {
    if (spec.subnet?.id !== undefined) return spec.subnet.id;
    if (spec.subnet?.filters !== undefined) {
      const filters = spec.subnet.filters;
      return this.subnets.get(JSON.stringify(filters), async () => {
        const reply = await this.api.ec2<DescribeSubnetsCommandOutput>('DescribeSubnets', new DescribeSubnetsCommand({ Filters: toFilters(filters) }), { signal });
        const matching = (reply.Subnets ?? []).filter((subnet) => !spec.availabilityZone || subnet.AvailabilityZone === spec.availabilityZone);
        const [only, ...others] = matching;
        if (!only?.SubnetId || others.length > 0) {
          throw new InvalidProviderSpecError(
            `${specPath}.subnet.filters`,
            `expected the filters to match exactly one subnet${spec.availabilityZone ? ` in ${spec.availabilityZone}` : ''}, they match ${matching.length}`,
          );
        }
        return only.SubnetId;
      });
    }
    const privateSubnets = cluster.privateSubnetIds ?? [];
    if (privateSubnets.length === 0) return undefined;
    if (spec.availabilityZone !== undefined) {
      const index = (cluster.privateSubnetZones ?? []).indexOf(spec.availabilityZone);
      if (index < 0) {
        throw new InvalidProviderSpecError(`${specPath}.availabilityZone`, `the cluster has no private subnet in ${spec.availabilityZone}; its zones are ${(cluster.privateSubnetZones ?? []).join(', ') || 'unknown'}`);
      }
      return privateSubnets[index];
    }
    return privateSubnets[0];
  }

  private async resolveSecurityGroups(
    spec: AwsMachineProviderSpec,
    cluster: AwsClusterProviderStatus,
    role: 'control-plane' | 'worker',
    signal: AbortSignal,
  ): Promise<string[]> {
    if (spec.securityGroups !== undefined) {
      const resolved = await Promise.all(
        spec.securityGroups.map(async (group, index) => {
          if (group.id !== undefined) return [group.id];
          const filters = group.filters ?? [];
          return this.securityGroups.get(JSON.stringify(filters), async () => {
            const reply = await this.api.ec2<DescribeSecurityGroupsCommandOutput>('DescribeSecurityGroups', new DescribeSecurityGroupsCommand({ Filters: toFilters(filters) }), { signal });
            const ids = (reply.SecurityGroups ?? []).flatMap((found) => (found.GroupId ? [found.GroupId] : []));
            if (ids.length === 0) throw new InvalidProviderSpecError(`${specPath}.securityGroups.${index}.filters`, 'no security group matches these filters');
            return ids;
          });
        }),
      );
      return [...new Set(resolved.flat())];
    }
    const clusterGroup = role === 'control-plane' ? cluster.controlPlaneSecurityGroupId : cluster.nodeSecurityGroupId;
    return clusterGroup ? [clusterGroup] : [];
  }
}
