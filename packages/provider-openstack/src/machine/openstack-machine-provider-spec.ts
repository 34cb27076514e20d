/**
 * What a Machine's `spec.providerSpec.value` holds for OpenStack
 * (`openstackprovider/v1alpha1`, kind OpenStackMachineProviderSpec). Flavor,
 * image and network may be names or ids; the 2018 `openstackproviderconfig`
 * shape is accepted too and mapped onto this one (see legacy-machine-provider-spec.ts).
 */
import { z } from 'zod';

const reference = z.string().min(1, 'must not be empty');

export const openStackMachineApiGroups = ['openstackprovider', 'openstackproviderconfig'] as const;

export const openStackMachineProviderSpecSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.literal('OpenStackMachineProviderSpec').optional(),
  /** Nova flavor, by name (m1.medium) or id. */
  flavor: reference,
  /** Glance image, by name or id. */
  image: reference,
  /** Nova availability zone; default the cloud's default zone. */
  availabilityZone: reference.optional(),
  /** The network of the machine's port, by name or id; default the Cluster's (managed or existing) network. */
  network: reference.optional(),
  /** The subnet to take the fixed IP from, by id; default the network's first. */
  subnet: reference.optional(),
  /** More security groups for the port, by name or id, on top of the Cluster's. */
  securityGroups: z.array(reference).default([]),
  /** An existing floating IP address to put on this machine's port (a fixed API address for a single control plane). */
  floatingIp: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, 'must be an IPv4 address').optional(),
  /** A Nova key pair (for debugging; the bootstrap needs none). */
  keyName: reference.optional(),
  /** A server group id (anti-affinity for control planes made by hand; the Cluster's own is used by default for control-plane machines). */
  serverGroup: reference.optional(),
  /** Boot from a new Cinder volume of this size instead of the flavor's local disk. */
  rootVolume: z
    .strictObject({
      sizeGiB: z.number().int().min(1).max(65_536),
      volumeType: reference.optional(),
      deleteOnTermination: z.boolean().default(true),
    })
    .optional(),
  /** More server metadata (at most 128 items with the ownership ones; 255 characters each). */
  metadata: z.record(z.string().min(1).max(255), z.string().max(255)).default({}),
  /** More server tags (1-60 characters, no "/" or ","). */
  tags: z.array(z.string().min(1).max(60).regex(/^[^/,]+$/, 'must not contain "/" or ","')).default([]),
});

export type OpenStackMachineProviderSpec = z.output<typeof openStackMachineProviderSpecSchema>;
