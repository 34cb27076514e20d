/**
 * What a Cluster's `spec.providerSpec.value` holds for OpenStack: the network
 * (a managed network, subnet and router, or an existing network), the security
 * groups, and how the API server is reached (an Octavia load balancer, or a
 * floating IP on the first control-plane machine).
 */
import { z } from 'zod';

const reference = z.string().min(1, 'must not be empty');

export const openStackClusterProviderSpecSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.literal('OpenStackClusterProviderSpec').optional(),
  /** Create a network, subnet and router for the cluster; ignored when `network` names an existing one. */
  managedNetwork: z
    .strictObject({
      cidr: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'must be an IPv4 CIDR such as 10.6.0.0/24').default('10.6.0.0/24'),
      dnsNameservers: z.array(z.string()).default([]),
    })
    .default({ cidr: '10.6.0.0/24', dnsNameservers: [] }),
  /** An existing network (name or id) instead of a managed one. */
  network: reference.optional(),
  /** The external network (name or id) for the router's gateway and floating IPs; default the cloud's only `router:external` network. */
  externalNetwork: reference.optional(),
  /** How the API server is reached: an Octavia load balancer (listener 6443) or a floating IP. */
  apiServerLoadBalancer: z.enum(['octavia', 'floating-ip', 'none']).default('octavia'),
  /** Put control-plane machines in an anti-affinity server group. */
  controlPlaneAntiAffinity: z.boolean().default(true),
  /** CIDRs allowed to reach the API server port; default anywhere. */
  apiServerAllowedCidrs: z.array(z.string()).default(['0.0.0.0/0']),
  /** Port of the API server; default 6443. */
  apiServerPort: z.number().int().min(1).max(65_535).default(6443),
});

export type OpenStackClusterProviderSpec = z.output<typeof openStackClusterProviderSpecSchema>;
