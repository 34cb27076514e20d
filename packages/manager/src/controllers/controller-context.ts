/** What every controller of the manager is handed: the store, the shared informers, and the manager's settings. */
import type {
  ClockV1,
  Cluster,
  ClusterActuatorV1,
  Machine,
  MachineActuatorV1,
  MachineDeployment,
  MachineSet,
} from '@slipway/core';
import type { Logger } from 'pino';
import type { BootstrapHook } from '../bootstrap-hook/bootstrap-hook.js';
import type { Informer } from '../runtime/informer.js';
import type { EventRecorder } from '../store/event-recorder.js';
import type { ObjectStore } from '../store/object-store.js';

export interface ManagerInformers {
  clusters: Informer<Cluster>;
  machines: Informer<Machine>;
  machineSets: Informer<MachineSet>;
  machineDeployments: Informer<MachineDeployment>;
}

export interface ControllerContext {
  store: ObjectStore;
  informers: ManagerInformers;
  events: EventRecorder;
  clock: ClockV1;
  logger: Logger;
  machineActuator: MachineActuatorV1;
  clusterActuator: ClusterActuatorV1;
  bootstrapHook: BootstrapHook | undefined;
  bootstrapTimeoutMs: number;
  /** The node the manager runs on: its Machine is never deleted by the manager itself. */
  nodeName: string | undefined;
}
