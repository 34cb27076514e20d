/** EC2 instance state names in the contract's normalised vocabulary. */
import type { InstanceStateV1 } from '@slipway/core';

export function instanceStateFromEc2(name: string | undefined): InstanceStateV1 {
  switch (name) {
    case 'pending': return 'pending';
    case 'running': return 'running';
    case 'stopping': return 'stopping';
    case 'stopped': return 'stopped';
    case 'shutting-down': return 'terminating';
    case 'terminated': return 'terminated';
    default: return 'unknown';
  }
}
