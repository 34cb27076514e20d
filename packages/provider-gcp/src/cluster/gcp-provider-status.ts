/**
 * What the actuators record in `status.providerStatus`: for a Cluster, where
 * its network and API load balancer are; for a Machine, which instance is its
 * own. Loose objects, so a newer provider's extra fields survive an older reader.
 */
import { z } from 'zod';

export const gcpClusterProviderStatusSchema = z.looseObject({
  project: z.string(),
  region: z.string(),
  network: z.string(),
  subnetwork: z.string().optional(),
  loadBalancer: z
    .looseObject({
      /** The external address the API endpoint answers on. */
      address: z.string(),
      addressName: z.string(),
      targetPool: z.string(),
      forwardingRule: z.string(),
    })
    .optional(),
});
export type GcpClusterProviderStatus = z.output<typeof gcpClusterProviderStatusSchema>;

export const gcpMachineProviderStatusSchema = z.looseObject({
  /** Compute's numeric id, as a string (it exceeds 2^53). */
  instanceId: z.string().optional(),
  instanceName: z.string(),
  zone: z.string(),
  /** Compute's status (`RUNNING`, `STAGING`, ...), or `NOT_YET_VISIBLE` right after an insert whose reads lag. */
  status: z.string().optional(),
});
export type GcpMachineProviderStatus = z.output<typeof gcpMachineProviderStatusSchema>;
