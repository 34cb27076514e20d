import type { InstanceStateV1 } from '@slipway/core';

/** The power of a VM as the contract knows it, from ARM's provisioning state. */
export function instanceStateOf(provisioningState: string | undefined): InstanceStateV1 {
  switch (provisioningState?.toLowerCase()) {
    case 'creating':
    case 'updating':
    case 'migrating':
      return 'pending';
    case 'succeeded':
      return 'running';
    case 'deleting':
      return 'terminating';
    default:
      return 'unknown';
  }
}
