/**
 * Optional behaviour an actuator may offer. Additive features become flags here,
 * not a new contract version; the conformance kit skips (visibly) what is off.
 */
export interface MachineActuatorCapabilitiesV1 {
  /** `listOwnedInstances` is implemented: orphan collection can find leaked instances. */
  orphanListing: boolean;
  /** `update` can change a running instance without replacing it. */
  inPlaceUpdate: boolean;
}
