import type { Cluster } from '../../api/v1alpha1/cluster.js';
import type { Machine } from '../../api/v1alpha1/machine.js';
import type { ActuatorContextV1 } from './actuator-v1-context.js';
import type { MachineActuatorCapabilitiesV1 } from './actuator-capabilities-v1.js';
import type { BootstrapDataV1 } from './bootstrap-data-v1.js';
import type {
  MachineActuatorResultV1,
  MachineDeleteResultV1,
  MachineExistsResultV1,
  OwnedInstanceV1,
} from './machine-actuator-result-v1.js';

export interface MachineRequestV1 {
  cluster: Cluster;
  /** The Machine as stored; `metadata.uid` is set and is the root of idempotency keys. */
  machine: Machine;
}

export interface MachineCreateRequestV1 extends MachineRequestV1 {
  bootstrapData: BootstrapDataV1;
}

/**
 * Version 1 of the contract between the Machine controller and a cloud.
 *
 * Every method is idempotent: the controller may call any of them again after a
 * crash, a timeout or an abort at any point. `create` in particular must never
 * produce a second instance for the same Machine UID, whatever happened before.
 * Errors thrown are Slipway errors (TransientError, TerminalError,
 * ProviderApiError, InvalidProviderSpecError), never raw SDK errors.
 */
export interface MachineActuatorV1 {
  readonly specificationVersion: 'v1';
  readonly capabilities: MachineActuatorCapabilitiesV1;

  create(request: MachineCreateRequestV1, context: ActuatorContextV1): Promise<MachineActuatorResultV1>;
  /** Reconciles an existing instance with the Machine's spec (tags, load balancer membership, ...). */
  update(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineActuatorResultV1>;
  exists(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineExistsResultV1>;
  delete(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineDeleteResultV1>;
  /** Present when `capabilities.orphanListing` is true. */
  listOwnedInstances?(request: { cluster: Cluster }, context: ActuatorContextV1): Promise<OwnedInstanceV1[]>;
}
