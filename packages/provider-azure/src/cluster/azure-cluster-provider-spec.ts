import { z } from 'zod';
import { azureAdditionalTagsSchema } from '../api/azure-tag-rules.js';

/**
 * What a Cluster's `spec.providerSpec.value` holds for Azure: the resource
 * group (made and deleted by Slipway, or an existing one left in place), the
 * virtual network with its control-plane and node subnets, and the API server
 * load balancer. Names default from the cluster name.
 */
const cidrBlock = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, 'expected a CIDR block such as 10.0.0.0/16');

const subnetSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$/, 'expected a subnet name: letters, digits, "_", "-", ".", up to 80 characters').optional(),
  cidrBlock: cidrBlock.optional(),
});

export const azureClusterProviderSpecSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.literal('AzureClusterProviderSpec').optional(),
  /** The Azure region, e.g. "westeurope". */
  location: z.string().regex(/^[a-z0-9]+$/, 'expected a region name in lower case without spaces, e.g. "westeurope"'),
  resourceGroup: z.strictObject({
    name: z.string().regex(/^[-\w._()]{1,90}$/, 'expected a resource group name: up to 90 letters, digits, "-", "_", ".", "(", ")"'),
    /** `managed`: Slipway creates it and deletes it with the cluster. `existing`: it must exist and is left in place. */
    mode: z.enum(['managed', 'existing']).default('managed'),
  }),
  virtualNetwork: z
    .strictObject({
      name: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/, 'expected a virtual network name, up to 64 characters').optional(),
      cidrBlock: cidrBlock.default('10.0.0.0/16'),
    })
    .default({ cidrBlock: '10.0.0.0/16' }),
  subnets: z
    .strictObject({
      controlPlane: subnetSchema.default({}),
      nodes: subnetSchema.default({}),
    })
    .default({ controlPlane: {}, nodes: {} }),
  apiServerLoadBalancer: z
    .strictObject({
      /** Without a load balancer the API endpoint is the first control-plane machine's address. */
      enabled: z.boolean().default(true),
      port: z.number().int().min(1).max(65535).default(6443),
      /** Who may reach the API server. */
      allowedCidrs: z.array(cidrBlock).min(1).default(['0.0.0.0/0']),
    })
    .default({ enabled: true, port: 6443, allowedCidrs: ['0.0.0.0/0'] }),
  /** Extra tags for every cluster resource. */
  additionalTags: azureAdditionalTagsSchema(1).default({}),
});

export type AzureClusterProviderSpec = z.output<typeof azureClusterProviderSpecSchema>;
