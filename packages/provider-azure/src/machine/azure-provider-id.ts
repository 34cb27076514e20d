/**
 * The Kubernetes providerID of an Azure VM, as the Azure cloud provider writes
 * it on the Node: `azure:///subscriptions/<sub>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>`.
 */
export function azureProviderId(subscriptionId: string, resourceGroupName: string, virtualMachineName: string): string {
  return `azure:///subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Compute/virtualMachines/${virtualMachineName}`;
}

/** The parts of a providerID, or undefined when it is not an Azure VM's. */
export function parseAzureProviderId(providerId: string): { subscriptionId: string; resourceGroupName: string; virtualMachineName: string } | undefined {
  const match = /^azure:\/\/\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)$/i.exec(providerId);
  if (!match) return undefined;
  return { subscriptionId: match[1]!, resourceGroupName: match[2]!, virtualMachineName: match[3]! };
}
