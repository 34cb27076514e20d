/**
 * What a Machine's `spec.providerSpec.value` holds for AWS: which image, type,
 * network and disk an instance gets. Every field says what it is for, and every
 * check says what it expected, so a wrong manifest is refused with a sentence
 * naming the field before anything is created.
 */
import { z } from 'zod';
import { tagMapSchema } from '../api/aws-tag-rules.js';

/** EC2 `Filter` semantics: filters are ANDed, values of one filter ORed, `*` and `?` are wildcards. */
export const ec2FilterSchema = z.strictObject({
  name: z.string().min(1, { message: 'expected a filter name such as "tag:Name" or "vpc-id"' }),
  values: z.array(z.string().min(1)).min(1, { message: 'expected at least one filter value' }),
});
export type Ec2FilterSpec = z.output<typeof ec2FilterSchema>;

const imageIdSchema = z.string().regex(/^ami-[0-9a-f]{8,17}$/, { message: 'expected an AMI id such as ami-0abcdef1234567890' });
const subnetIdSchema = z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { message: 'expected a subnet id such as subnet-0abcdef1234567890' });
const securityGroupIdSchema = z.string().regex(/^sg-[0-9a-f]{8,17}$/, { message: 'expected a security group id such as sg-0abcdef1234567890' });

/** Either a fixed AMI id, or a lookup by owner and filters that picks the newest image (by creation date). */
export const amiReferenceSchema = z
  .strictObject({
    id: imageIdSchema.optional(),
    /** Account ids or aliases (`amazon`, `self`, `099720109477` for Canonical). */
    owners: z.array(z.string().min(1)).min(1).optional(),
    filters: z.array(ec2FilterSchema).min(1).optional(),
  })
  .refine((ami) => (ami.id === undefined) !== (ami.filters === undefined), {
    message: 'expected either ami.id, or ami.filters (with ami.owners) to look the newest matching image up; not both',
  })
  .refine((ami) => ami.filters === undefined || ami.owners !== undefined, {
    message: 'expected ami.owners with ami.filters: an image lookup without owners could pick anyone\'s public image',
    path: ['owners'],
  });
export type AmiReference = z.output<typeof amiReferenceSchema>;

/** A subnet by id, or by filters that must match exactly one subnet. */
export const subnetReferenceSchema = z
  .strictObject({ id: subnetIdSchema.optional(), filters: z.array(ec2FilterSchema).min(1).optional() })
  .refine((subnet) => (subnet.id === undefined) !== (subnet.filters === undefined), { message: 'expected either subnet.id or subnet.filters, not both' });
export type SubnetReference = z.output<typeof subnetReferenceSchema>;

export const securityGroupReferenceSchema = z
  .strictObject({ id: securityGroupIdSchema.optional(), filters: z.array(ec2FilterSchema).min(1).optional() })
  .refine((group) => (group.id === undefined) !== (group.filters === undefined), { message: 'expected either id or filters, not both' });
export type SecurityGroupReference = z.output<typeof securityGroupReferenceSchema>;

export const rootVolumeSchema = z.strictObject({
  /** GiB. */
  size: z.number().int().min(8, { message: 'expected at least 8 GiB (Kubernetes images need room)' }).max(16_384).default(40),
  type: z.enum(['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard']).default('gp3'),
  encrypted: z.boolean().default(true),
});


export const awsMachineProviderSpecSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.literal('AWSMachineProviderSpec').optional(),
  ami: amiReferenceSchema,
  instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { message: 'expected an EC2 instance type such as t3.medium' }),
  /** Default: the cluster's private subnet in the chosen zone (managed network), else the account's default subnet. */
  subnet: subnetReferenceSchema.optional(),
  /** Default: the cluster's control-plane or node security group. */
  securityGroups: z.array(securityGroupReferenceSchema).min(1).optional(),
  /** An instance profile name (or ARN) whose role the instance assumes. */
  iamInstanceProfile: z.string().min(1).optional(),
  /** An EC2 key pair; optional, Slipway needs no ssh. */
  keyName: z.string().min(1).optional(),
  rootVolume: rootVolumeSchema.default({ size: 40, type: 'gp3', encrypted: true }),
  /** Extra tags for the instance and its volumes, on top of the ownership tags. */
  additionalTags: tagMapSchema.default({}),
  /** Give the instance a public IPv4 address; default: the subnet's own setting. */
  publicIP: z.boolean().optional(),
  availabilityZone: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, { message: 'expected an Availability Zone such as us-east-1a' }).optional(),
  /** Run as a Spot instance; `maxPrice` in USD per hour, default the on-demand price. */
  spotMarketOptions: z.strictObject({ maxPrice: z.string().regex(/^\d+(\.\d+)?$/, { message: 'expected a price such as "0.05"' }).optional() }).optional(),
  /** IMDSv2 (session tokens) is required by default, with a hop limit of 1 so containers cannot reach the metadata service. */
  instanceMetadata: z
    .strictObject({
      httpTokens: z.enum(['required', 'optional']).default('required'),
      httpPutResponseHopLimit: z.number().int().min(1).max(64).default(1),
    })
    .default({ httpTokens: 'required', httpPutResponseHopLimit: 1 }),
});

export type AwsMachineProviderSpec = z.output<typeof awsMachineProviderSpecSchema>;
