export type { ActuatorContextV1, ClockV1, LoggerV1 } from './actuator-v1-context.js';
export type { MachineActuatorCapabilitiesV1 } from './actuator-capabilities-v1.js';
export type { BootstrapDataV1 } from './bootstrap-data-v1.js';
export type { ClusterActuatorV1, ClusterDeleteResultV1, ClusterReconcileResultV1, ClusterRequestV1 } from './cluster-actuator-v1.js';
export type {
  InstanceStateV1,
  MachineActuatorResultV1,
  MachineDeleteResultV1,
  MachineExistsResultV1,
  OwnedInstanceV1,
} from './machine-actuator-result-v1.js';
export type { MachineActuatorV1, MachineCreateRequestV1, MachineRequestV1 } from './machine-actuator-v1.js';
export type { ProviderActuatorsV1 } from './provider-actuators-v1.js';
export type { ProviderPluginV1, ProviderSpecDefinitionV1, ProviderSpecSchemaV1 } from './provider-plugin-v1.js';
export type { ProviderStatisticsV1 } from './provider-statistics-v1.js';
