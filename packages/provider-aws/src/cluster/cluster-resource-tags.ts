/**
 * How the cluster actuator marks and finds what it owns: the ownership tags of
 * provider-utils plus a role tag (`vpc`, `public-subnet`, ...), so every
 * lookup is "the resource of this cluster with this role" and a re-run after a
 * crash finds what the previous run created instead of creating it again.
 */
import type { Filter, ResourceType, TagSpecification } from '@aws-sdk/client-ec2';
import { ownershipTagKeys, ownershipTags } from '@slipway/provider-utils';

export const resourceRoleTagKey = 'slipway-resource-role';
export const availabilityZoneTagKey = 'slipway-availability-zone';

export type ClusterResourceRole =
  | 'vpc'
  | 'internet-gateway'
  | 'public-subnet'
  | 'private-subnet'
  | 'nat-address'
  | 'nat-gateway'
  | 'public-route-table'
  | 'private-route-table'
  | 'control-plane-security-group'
  | 'node-security-group'
  | 'api-load-balancer'
  | 'api-target-group';

export function clusterResourceTags(
  clusterName: string,
  role: ClusterResourceRole,
  additionalTags: Record<string, string>,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { Name: `${clusterName}-${role}`, ...additionalTags, ...extra, [resourceRoleTagKey]: role, ...ownershipTags({ clusterName }) };
}

export function tagSpecificationsFor(resourceType: ResourceType, tags: Record<string, string>): TagSpecification[] {
  return [{ ResourceType: resourceType, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }];
}

export function clusterFilters(clusterName: string, role?: ClusterResourceRole): Filter[] {
  return [
    { Name: `tag:${ownershipTagKeys.clusterName}`, Values: [clusterName] },
    ...(role !== undefined ? [{ Name: `tag:${resourceRoleTagKey}`, Values: [role] }] : []),
  ];
}

export function tagValue(tags: readonly { Key?: string; Value?: string }[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}
