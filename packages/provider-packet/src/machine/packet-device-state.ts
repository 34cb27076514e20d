/** Metal device states as the contract's instance states. */
import type { InstanceStateV1 } from '@slipway/core';

const instanceStates: Record<string, InstanceStateV1> = {
  queued: 'pending',
  provisioning: 'pending',
  reinstalling: 'pending',
  powering_on: 'pending',
  active: 'running',
  powering_off: 'stopping',
  inactive: 'stopped',
  deprovisioning: 'terminating',
  deleted: 'terminated',
};

/** `failed` is `unknown` here: update turns it into a terminal error with the reason. */
export function instanceStateOf(state: string | undefined): InstanceStateV1 {
  return instanceStates[state ?? ''] ?? 'unknown';
}
