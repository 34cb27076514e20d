/**
 * The terminal failure reasons of Cluster API v1alpha1 (`MachineStatusError`),
 * written to a Machine's `status.errorReason`. A terminal reason stops retries
 * until someone changes the Machine.
 */
export const machineStatusErrorReasons = [
  'InvalidConfiguration',
  'UnsupportedChange',
  'InsufficientResources',
  'CreateError',
  'UpdateError',
  'DeleteError',
  'JoinClusterTimeout',
] as const;

export type MachineStatusErrorReason = (typeof machineStatusErrorReasons)[number];
