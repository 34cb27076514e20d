/**
 * The Kubernetes providerID of an EC2 instance, `aws:///<zone>/<instance-id>`,
 * the form the AWS cloud provider writes on Nodes, so Machines and Nodes match.
 */
export function formatProviderId(availabilityZone: string, instanceId: string): string {
  return `aws:///${availabilityZone}/${instanceId}`;
}

export function instanceIdFromProviderId(providerId: string | undefined): string | undefined {
  if (!providerId) return undefined;
  const match = /^aws:\/\/\/?(?:[^/]*\/)?(i-[0-9a-f]+)$/.exec(providerId);
  return match?.[1];
}
