import { z } from 'zod';

/** What a Cluster's `spec.providerSpec.value` holds for Google Compute Engine. */
export const gcpClusterProviderSpecSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.literal('GcpClusterProviderSpec').optional(),
  /** The region or location the cluster lives in. */
  region: z.string().min(1),
});

export type GcpClusterProviderSpec = z.output<typeof gcpClusterProviderSpecSchema>;
