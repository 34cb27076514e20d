/**
 * What a Machine's `spec.providerSpec.value` holds for Compute Engine: where the
 * instance runs, its shape, image and disk, its network, identity and
 * scheduling, and the extra labels and network tags it carries. Every rule the
 * API enforces (label format, names, disk sizes) is checked here first.
 */
import { z } from 'zod';
import { gceLabelKeySchema, gceLabelValueSchema, gceNameSchema, reservedLabelCount } from '../api/gcp-label-rules.js';
import { ownershipTagKeys } from '@slipway/provider-utils';

export const gcpMachineApiGroups = ['gcpprovider', 'gceprovider', 'gcp.slipway.dev'] as const;

const zoneSchema = z.string().regex(/^[a-z]+-[a-z]+[0-9]+-[a-z]$/, { message: 'expected a Compute Engine zone such as us-central1-a' });

export const gcpImageSchema = z
  .strictObject({
    /** An image family: the newest image of the family is used (e.g. `debian-12`). */
    family: gceNameSchema.optional(),
    /** A specific image name (e.g. `debian-12-bookworm-v20250113`). */
    name: gceNameSchema.optional(),
    /** The project that publishes the image (`debian-cloud`, `ubuntu-os-cloud`, or your own). */
    project: z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$|^[a-z][-a-z0-9.:]*[a-z0-9]$/, { message: 'expected a project id such as debian-cloud' }),
  })
  .refine((image) => (image.family === undefined) !== (image.name === undefined), {
    message: 'expected exactly one of image.family or image.name',
  });

export const gcpMachineProviderSpecSchema = z
  .strictObject({
    apiVersion: z.string().optional(),
    kind: z.literal('GcpMachineProviderSpec').optional(),
    /** The zone the instance runs in (`us-central1-a`). Control-plane machines must be in the cluster's region. */
    zone: zoneSchema,
    /** The machine type (`e2-standard-2`). */
    machineType: gceNameSchema,
    image: gcpImageSchema,
    disk: z
      .strictObject({
        sizeGb: z.number().int().min(10, { message: 'expected a boot disk of at least 10 GB' }).max(65_536).default(30),
        type: z.enum(['pd-standard', 'pd-balanced', 'pd-ssd', 'hyperdisk-balanced']).default('pd-balanced'),
      })
      .default({ sizeGb: 30, type: 'pd-balanced' }),
    /** A network by name; default the cluster's network, or `default` when the cluster names none. */
    network: gceNameSchema.optional(),
    /** A subnetwork of the zone's region by name; default the cluster's subnetwork. */
    subnetwork: gceNameSchema.optional(),
    serviceAccount: z
      .strictObject({
        email: z.string().min(1).default('default'),
        scopes: z.array(z.string().min(1)).default(['https://www.googleapis.com/auth/cloud-platform']),
      })
      .optional(),
    /** A preemptible instance (the older model, at most 24 hours). */
    preemptible: z.boolean().default(false),
    /** A Spot instance (provisioning model SPOT). */
    spot: z.boolean().default(false),
    /** Labels on the instance and its disk, on top of Slipway's ownership labels. */
    additionalLabels: z
      .record(gceLabelKeySchema, gceLabelValueSchema)
      .default({})
      .refine((labels) => Object.keys(labels).length <= 64 - reservedLabelCount, {
        message: `expected at most ${64 - reservedLabelCount} additional labels (Compute allows 64, Slipway uses ${reservedLabelCount})`,
      })
      .refine((labels) => !Object.keys(labels).some((key) => key.startsWith('slipway-')), {
        message: `expected no label keys starting with "slipway-": they mark ownership (${Object.values(ownershipTagKeys).join(', ')})`,
      }),
    /** Network tags, which firewall rules select on. */
    networkTags: z.array(gceNameSchema).max(64).default([]),
    /** Give the instance an external (NAT) address. */
    publicIP: z.boolean().default(false),
  })
  .refine((spec) => !(spec.preemptible && spec.spot), {
    message: 'expected at most one of preemptible and spot',
    path: ['spot'],
  });

export type GcpMachineProviderSpec = z.output<typeof gcpMachineProviderSpecSchema>;
