import { z } from 'zod';

/** What a Cluster's `spec.providerSpec.value` holds for Microsoft Azure. */
export const azureClusterProviderSpecSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.literal('AzureClusterProviderSpec').optional(),
  /** The region or location the cluster lives in. */
  region: z.string().min(1),
});

export type AzureClusterProviderSpec = z.output<typeof azureClusterProviderSpecSchema>;
