/**
 * What the cluster actuator records in `Cluster.status.providerStatus` and the
 * machine actuator reads back: where machines go (subnets, security groups)
 * and which target group fronts the API servers.
 */
import { z } from 'zod';

export const awsClusterProviderStatusSchema = z.looseObject({
  region: z.string().optional(),
  vpcId: z.string().optional(),
  vpcCidrBlock: z.string().optional(),
  managedNetwork: z.boolean().optional(),
  publicSubnetIds: z.array(z.string()).optional(),
  privateSubnetIds: z.array(z.string()).optional(),
  /** Zone of each private subnet, same order: machines asking for a zone get that zone's subnet. */
  privateSubnetZones: z.array(z.string()).optional(),
  controlPlaneSecurityGroupId: z.string().optional(),
  nodeSecurityGroupId: z.string().optional(),
  internetGatewayId: z.string().optional(),
  natGatewayId: z.string().optional(),
  loadBalancerArn: z.string().optional(),
  loadBalancerDnsName: z.string().optional(),
  targetGroupArn: z.string().optional(),
});

export type AwsClusterProviderStatus = z.output<typeof awsClusterProviderStatusSchema>;

/** The recorded status, or an empty one when the cluster has not been reconciled (machines then use the default VPC). */
export function readClusterProviderStatus(providerStatus: unknown): AwsClusterProviderStatus {
  const outcome = awsClusterProviderStatusSchema.safeParse(providerStatus ?? {});
  return outcome.success ? outcome.data : {};
}
