import type { InstanceStateV1 } from '@slipway/core';

/**
 * Compute's statuses: PROVISIONING and STAGING come before RUNNING; TERMINATED
 * means stopped (a stopped instance keeps existing); a deleted instance is simply
 * absent. STOPPING is also what an instance being deleted shows.
 */
export function instanceStateOf(status: string | null | undefined): InstanceStateV1 {
  switch (status) {
    case 'PROVISIONING':
    case 'STAGING':
    case 'REPAIRING':
      return 'pending';
    case 'RUNNING':
      return 'running';
    case 'STOPPING':
    case 'SUSPENDING':
      return 'stopping';
    case 'STOPPED':
    case 'SUSPENDED':
    case 'TERMINATED':
      return 'stopped';
    default:
      return 'unknown';
  }
}
