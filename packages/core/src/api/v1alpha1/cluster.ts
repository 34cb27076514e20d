import { z } from 'zod';
import { cidrBlockSchema, rawExtensionSchema } from './field-formats.js';
import { commonFieldDescriptions, objectMetaSchema } from './object-meta.js';
import { providerSpecSchema } from './provider-spec.js';

export const networkRangesSchema = z.strictObject({
  // At most 8: one block per IP family is the norm; the bound keeps the API server's CEL cost estimate in budget.
  cidrBlocks: z.array(cidrBlockSchema).min(1).max(8).describe('CIDR blocks such as 10.96.0.0/12 (IPv4) or fd00:10:96::/112 (IPv6); one per IP family.'),
});

export const clusterNetworkingConfigSchema = z.strictObject({
  services: networkRangesSchema.default({ cidrBlocks: ['10.96.0.0/12'] }).describe('Addresses for Services; default 10.96.0.0/12.'),
  pods: networkRangesSchema.default({ cidrBlocks: ['192.168.0.0/16'] }).describe('Addresses for Pods; default 192.168.0.0/16.'),
  serviceDomain: z.string().default('cluster.local').describe('DNS domain of Services; default cluster.local.'),
});

export const clusterSpecSchema = z.strictObject({
  clusterNetwork: clusterNetworkingConfigSchema
    .default({
      services: { cidrBlocks: ['10.96.0.0/12'] },
      pods: { cidrBlocks: ['192.168.0.0/16'] },
      serviceDomain: 'cluster.local',
    })
    .describe('Networking of the workload cluster: Service and Pod address ranges, Service DNS domain.'),
  providerSpec: providerSpecSchema
    .optional()
    .describe('Cloud settings of the cluster infrastructure (network, firewall, load balancer), judged by the provider.'),
});

export const apiEndpointSchema = z.strictObject({
  host: z.string().describe('Host name or IP address of the API server.'),
  port: z.number().int().min(1).max(65535).describe('TCP port of the API server.'),
});
export type ApiEndpoint = z.output<typeof apiEndpointSchema>;

export const clusterStatusSchema = z.looseObject({
  apiEndpoints: z.array(apiEndpointSchema).optional().describe('Where the workload cluster\'s API server answers.'),
  errorReason: z.string().optional().describe('Machine-readable reason of a terminal problem, such as InvalidConfiguration.'),
  errorMessage: z.string().optional().describe('What went wrong and what to do, for people.'),
  providerStatus: rawExtensionSchema.optional().describe('Provider-specific state of the cluster infrastructure.'),
  /** Set once the cluster infrastructure has been reconciled at least once. */
  infrastructureReady: z.boolean().optional().describe('True once the cluster infrastructure has been reconciled at least once.'),
  /** Set once the first control-plane machine reports its node registered. */
  controlPlaneReady: z.boolean().optional().describe('True once the first control-plane Machine reports its node registered.'),
});

export const clusterSchema = z
  .strictObject({
    apiVersion: z.literal('cluster.k8s.io/v1alpha1').describe(commonFieldDescriptions.apiVersion),
    kind: z.literal('Cluster').describe(commonFieldDescriptions.kind),
    metadata: objectMetaSchema.describe(commonFieldDescriptions.metadata),
    spec: clusterSpecSchema.describe('The cluster wanted: its networking and its cloud settings.'),
    status: clusterStatusSchema.optional().describe('What the cluster controller observed; written through the status subresource.'),
  })
  .describe('A Kubernetes cluster to create and keep: its networking and cloud infrastructure. Machines join it through the cluster.k8s.io/cluster-name label.');

export type ClusterSpec = z.output<typeof clusterSpecSchema>;
export type ClusterStatus = z.output<typeof clusterStatusSchema>;
export type Cluster = z.output<typeof clusterSchema>;
