/**
 * What a Cluster's `spec.providerSpec.value` holds for Compute Engine: the
 * project and region, the network (an existing one by name, or a managed one
 * Slipway creates with its subnetwork and the firewall rules Kubernetes needs),
 * and whether the API server sits behind a regional load balancer.
 */
import { z } from 'zod';
import { cidrBlockSchema } from '@slipway/core';
import { gceNameSchema } from '../api/gcp-label-rules.js';

const regionSchema = z.string().regex(/^[a-z]+-[a-z]+[0-9]+$/, { message: 'expected a Compute Engine region such as us-central1' });

export const gcpExistingNetworkSchema = z.strictObject({
  mode: z.literal('existing'),
  /** The network's name; Slipway creates no network, subnetwork or firewall rule. */
  name: gceNameSchema,
  /** The subnetwork of the cluster's region machines use; required for custom-mode networks. */
  subnetwork: gceNameSchema.optional(),
});

export const gcpManagedNetworkSchema = z.strictObject({
  mode: z.literal('managed'),
  /** The range of the subnetwork Slipway creates in the cluster's region. */
  subnetworkCidr: cidrBlockSchema.default('10.0.0.0/20'),
  /** Who may reach the API server's port. */
  apiServerSourceRanges: z.array(cidrBlockSchema).min(1).default(['0.0.0.0/0']),
});

export const gcpClusterProviderSpecSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.literal('GcpClusterProviderSpec').optional(),
  /** The project; default the actuator's project (settings, GOOGLE_CLOUD_PROJECT, then the credentials' project). */
  project: z.string().min(1).optional(),
  region: regionSchema,
  network: z
    .discriminatedUnion('mode', [gcpExistingNetworkSchema, gcpManagedNetworkSchema], {
      error: 'expected network.mode "existing" (with name) or "managed"',
    })
    .default({ mode: 'managed', subnetworkCidr: '10.0.0.0/20', apiServerSourceRanges: ['0.0.0.0/0'] }),
  loadBalancer: z
    .strictObject({
      /** Put the API server behind a forwarding rule and target pool; otherwise the first control plane is the endpoint. */
      enabled: z.boolean().default(true),
      port: z.number().int().min(1).max(65_535).default(6443),
    })
    .default({ enabled: true, port: 6443 }),
});

export type GcpClusterProviderSpec = z.output<typeof gcpClusterProviderSpecSchema>;
