import type { ClusterActuatorV1 } from './cluster-actuator-v1.js';
import type { MachineActuatorV1 } from './machine-actuator-v1.js';
import type { ProviderStatisticsV1 } from './provider-statistics-v1.js';

/**
 * What a provider's factory (`createXActuator(settings?)`) returns: the two
 * actuators over one API client, that client's statistics, and a way to let go
 * of what the factory opened.
 */
export interface ProviderActuatorsV1 {
  machine: MachineActuatorV1;
  cluster: ClusterActuatorV1;
  /** A snapshot of the API client's counters; later calls keep counting, the snapshot does not change. */
  statistics(): ProviderStatisticsV1;
  /**
   * Releases the sockets and timers of the clients the factory built itself;
   * clients injected through settings belong to the caller and stay open.
   * Idempotent. The actuators must not be called afterwards.
   */
  close(): Promise<void>;
}
