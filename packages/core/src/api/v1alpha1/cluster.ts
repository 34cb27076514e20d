import { z } from 'zod';
import { cidrBlockSchema, rawExtensionSchema } from './field-formats.js';
import { objectMetaSchema } from './object-meta.js';
import { providerSpecSchema } from './provider-spec.js';

export const networkRangesSchema = z.strictObject({
  cidrBlocks: z.array(cidrBlockSchema).min(1),
});

export const clusterNetworkingConfigSchema = z.strictObject({
  services: networkRangesSchema.default({ cidrBlocks: ['10.96.0.0/12'] }),
  pods: networkRangesSchema.default({ cidrBlocks: ['192.168.0.0/16'] }),
  serviceDomain: z.string().default('cluster.local'),
});

export const clusterSpecSchema = z.strictObject({
  clusterNetwork: clusterNetworkingConfigSchema.default({
    services: { cidrBlocks: ['10.96.0.0/12'] },
    pods: { cidrBlocks: ['192.168.0.0/16'] },
    serviceDomain: 'cluster.local',
  }),
  providerSpec: providerSpecSchema.optional(),
});

export const apiEndpointSchema = z.strictObject({
  host: z.string(),
  port: z.number().int().min(1).max(65535),
});
export type ApiEndpoint = z.output<typeof apiEndpointSchema>;

export const clusterStatusSchema = z.looseObject({
  apiEndpoints: z.array(apiEndpointSchema).optional(),
  errorReason: z.string().optional(),
  errorMessage: z.string().optional(),
  providerStatus: rawExtensionSchema.optional(),
  /** Set once the cluster infrastructure has been reconciled at least once. */
  infrastructureReady: z.boolean().optional(),
  /** Set once the first control-plane machine reports its node registered. */
  controlPlaneReady: z.boolean().optional(),
});

export const clusterSchema = z.strictObject({
  apiVersion: z.literal('cluster.k8s.io/v1alpha1'),
  kind: z.literal('Cluster'),
  metadata: objectMetaSchema,
  spec: clusterSpecSchema,
  status: clusterStatusSchema.optional(),
});

export type ClusterSpec = z.output<typeof clusterSpecSchema>;
export type ClusterStatus = z.output<typeof clusterStatusSchema>;
export type Cluster = z.output<typeof clusterSchema>;
