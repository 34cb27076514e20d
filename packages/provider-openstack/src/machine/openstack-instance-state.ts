/** Nova server statuses as the contract's instance states. */
import type { InstanceStateV1 } from '@slipway/core';

const states: Record<string, InstanceStateV1> = {
  BUILD: 'pending',
  REBUILD: 'pending',
  REBOOT: 'running',
  HARD_REBOOT: 'running',
  ACTIVE: 'running',
  PASSWORD: 'running',
  MIGRATING: 'running',
  RESIZE: 'running',
  VERIFY_RESIZE: 'running',
  REVERT_RESIZE: 'running',
  SHUTOFF: 'stopped',
  SUSPENDED: 'stopped',
  PAUSED: 'stopped',
  SHELVED: 'stopped',
  SHELVED_OFFLOADED: 'stopped',
  SOFT_DELETED: 'terminating',
  DELETED: 'terminated',
};

export function instanceStateOf(status: string | undefined, taskState?: string | null): InstanceStateV1 {
  if (taskState === 'deleting') return 'terminating';
  return (status !== undefined && states[status]) || 'unknown';
}
