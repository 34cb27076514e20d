/**
 * What a Cluster's `spec.providerSpec.value` holds for Metal: the project, and
 * the metro (or 2018 facility) where the control plane's reserved public IPv4
 * lives. The 2018 kind PacketClusterProviderConfig is accepted with the same
 * fields; it named only `projectID`, so a 2018 Cluster adds `facility` or
 * `metro` (the error says so).
 */
import { z } from 'zod';
import { metalProjectIdSchema, metalSlugSchema } from '../machine/packet-machine-provider-spec.js';

export const packetClusterProviderSpecSchema = z
  .strictObject({
    apiVersion: z.string().optional(),
    kind: z.enum(['PacketClusterProviderSpec', 'PacketClusterProviderConfig']).optional(),
    /** Another project than the provider's (settings.projectId or METAL_PROJECT_ID). */
    projectID: metalProjectIdSchema.optional(),
    /** The metro of the control plane's reserved address; control-plane machines must run there. */
    metro: metalSlugSchema.optional(),
    /** 2018: a facility whose metro holds the reserved address. */
    facility: metalSlugSchema.optional(),
    /** The API server's port behind the reserved address; default 6443. */
    apiServerPort: z.number().int().min(1).max(65_535).default(6443),
  })
  .refine((spec) => spec.metro !== undefined || spec.facility !== undefined, {
    message: 'expected metro (or, as 2018 manifests did, facility): the control plane\'s reserved public IPv4 is reserved in one metro',
    path: ['metro'],
  });

export type PacketClusterProviderSpec = z.output<typeof packetClusterProviderSpecSchema>;
