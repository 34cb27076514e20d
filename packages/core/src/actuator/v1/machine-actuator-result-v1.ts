import type { NodeAddress } from '../../api/v1alpha1/machine.js';

/** The cloud-side state of an instance, normalised across clouds. */
export type InstanceStateV1 = 'pending' | 'running' | 'stopping' | 'stopped' | 'terminating' | 'terminated' | 'unknown';

/**
 * What the controller must persist after `create` or `update`. The providerID is
 * written to the Machine before anything else happens, so that a crash right after
 * the cloud call can never lead to a second instance.
 */
export interface MachineActuatorResultV1 {
  /** The cloud's id for the instance, in Kubernetes providerID form (`aws:///us-east-1a/i-0abc`). */
  providerID: string;
  addresses: NodeAddress[];
  instanceState: InstanceStateV1;
  /** Provider-owned details the controller stores in `status.providerStatus` as they are. */
  providerStatus?: Record<string, unknown>;
}

export interface MachineExistsResultV1 {
  exists: boolean;
  /** Present when the instance exists. */
  providerID?: string;
  instanceState?: InstanceStateV1;
  addresses?: NodeAddress[];
}

export interface MachineDeleteResultV1 {
  /** True when the instance is gone or irrevocably going (terminating); false asks to be called again. */
  gone: boolean;
  requeueAfterMs?: number;
}

/** An instance the cloud holds that carries a cluster's ownership tags. */
export interface OwnedInstanceV1 {
  providerID: string;
  clusterName: string;
  machineName?: string;
  machineUid?: string;
  instanceState: InstanceStateV1;
}
