/**
 * The resource types the emulated Resource Manager serves, and the store kind
 * each one is kept under. Virtual machines are kind `instance`, as in every
 * emulator, so the framework's lifecycle and side door see them.
 */
export interface AzureResourceType {
  /** The canonical ARM type, as answers spell it. */
  readonly type: string;
  readonly kind: string;
  readonly namespace: string;
}

const types: AzureResourceType[] = [
  { type: 'Microsoft.Network/virtualNetworks', kind: 'virtual-network', namespace: 'Microsoft.Network' },
  { type: 'Microsoft.Network/virtualNetworks/subnets', kind: 'subnet', namespace: 'Microsoft.Network' },
  { type: 'Microsoft.Network/networkSecurityGroups', kind: 'network-security-group', namespace: 'Microsoft.Network' },
  { type: 'Microsoft.Network/publicIPAddresses', kind: 'public-ip-address', namespace: 'Microsoft.Network' },
  { type: 'Microsoft.Network/networkInterfaces', kind: 'network-interface', namespace: 'Microsoft.Network' },
  { type: 'Microsoft.Network/loadBalancers', kind: 'load-balancer', namespace: 'Microsoft.Network' },
  { type: 'Microsoft.Compute/virtualMachines', kind: 'instance', namespace: 'Microsoft.Compute' },
  { type: 'Microsoft.Compute/disks', kind: 'disk', namespace: 'Microsoft.Compute' },
];

const byLowerType = new Map(types.map((entry) => [entry.type.toLowerCase(), entry]));
const byKind = new Map(types.map((entry) => [entry.kind, entry]));

export const azureResourceGroupKind = 'resource-group';

export function azureResourceTypeOf(type: string): AzureResourceType | undefined {
  return byLowerType.get(type.toLowerCase());
}

export function azureResourceTypeOfKind(kind: string): AzureResourceType | undefined {
  return byKind.get(kind);
}

export const azureResourceTypes: readonly AzureResourceType[] = types;
