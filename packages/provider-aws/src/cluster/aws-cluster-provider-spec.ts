/**
 * What a Cluster's `spec.providerSpec.value` holds for AWS: the region, the
 * network (an existing VPC and subnets by id, or one Slipway creates and
 * deletes), and the load balancer in front of the Kubernetes API.
 */
import { isCidrBlock } from '@slipway/core';
import { z } from 'zod';
import { tagMapSchema } from '../api/aws-tag-rules.js';

const vpcIdSchema = z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { message: 'expected a VPC id such as vpc-0abcdef1234567890' });
const subnetIdSchema = z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { message: 'expected a subnet id such as subnet-0abcdef1234567890' });
const zoneSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, { message: 'expected an Availability Zone such as us-east-1a' });

/** Bring your own network: Slipway creates only its security groups and load balancer in it. */
export const existingNetworkSchema = z.strictObject({
  vpcId: vpcIdSchema,
  /** Where internet-facing load balancers go; at least one when the API load balancer is internet-facing. */
  publicSubnetIds: z.array(subnetIdSchema).default([]),
  /** Where machines go unless their own providerSpec names a subnet. */
  privateSubnetIds: z.array(subnetIdSchema).min(1, { message: 'expected at least one private subnet id for the machines' }),
});

/** A network Slipway creates, owns (tags) and deletes with the cluster. */
export const managedNetworkSchema = z.strictObject({
  cidrBlock: z
    .string()
    .refine(isCidrBlock, { message: 'expected an IPv4 CIDR block such as 10.0.0.0/16' })
    .refine((cidr) => {
      const prefix = Number(cidr.split('/')[1]);
      return prefix >= 16 && prefix <= 20;
    }, { message: 'expected a VPC block between /16 and /20, so that each zone gets a public and a private subnet' })
    .default('10.0.0.0/16'),
  /** One public and one private subnet per zone; default the region's first zone. */
  availabilityZones: z.array(zoneSchema).min(1).max(4).optional(),
  /** A NAT gateway gives private subnets a way out; without it machines need public IPs to pull images. */
  natGateway: z.boolean().default(true),
});

export const awsClusterProviderSpecSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.literal('AWSClusterProviderSpec').optional(),
  /** Must match the provider's region (settings, AWS_REGION or the profile); default that region. */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'expected an AWS region such as us-east-1' }).optional(),
  network: z
    .strictObject({ existing: existingNetworkSchema.optional(), managed: managedNetworkSchema.optional() })
    .refine((network) => !(network.existing && network.managed), { message: 'expected either network.existing or network.managed, not both' })
    .default({}),
  apiServerLoadBalancer: z
    .strictObject({
      enabled: z.boolean().default(true),
      scheme: z.enum(['internet-facing', 'internal']).default('internet-facing'),
      port: z.number().int().min(1).max(65535).default(6443),
    })
    .default({ enabled: true, scheme: 'internet-facing', port: 6443 }),
  /** Who may reach the API server port; default anywhere (the API authenticates every request). */
  apiServerIngressCidrBlocks: z.array(z.string().refine(isCidrBlock, { message: 'expected a CIDR block such as 203.0.113.0/24' })).default(['0.0.0.0/0']),
  /** Extra tags for everything the cluster owns. */
  additionalTags: tagMapSchema.default({}),
});

export type AwsClusterProviderSpec = z.output<typeof awsClusterProviderSpecSchema>;
