import type { ApiEndpoint, Cluster } from '../../api/v1alpha1/cluster.js';
import type { ActuatorContextV1 } from './actuator-v1-context.js';

export interface ClusterRequestV1 {
  cluster: Cluster;
}

export interface ClusterReconcileResultV1 {
  /** Where the cluster's API server will answer (a load balancer, or the first control plane). */
  apiEndpoints: ApiEndpoint[];
  providerStatus?: Record<string, unknown>;
}

export interface ClusterDeleteResultV1 {
  /** True when everything the cluster owned in the cloud is gone. */
  gone: boolean;
  requeueAfterMs?: number;
}

/**
 * Version 1 of the contract between the Cluster controller and a cloud: the
 * cluster-wide infrastructure (network, firewall, load balancer). Both methods are
 * idempotent and may be called again at any time.
 */
export interface ClusterActuatorV1 {
  readonly specificationVersion: 'v1';
  reconcile(request: ClusterRequestV1, context: ActuatorContextV1): Promise<ClusterReconcileResultV1>;
  delete(request: ClusterRequestV1, context: ActuatorContextV1): Promise<ClusterDeleteResultV1>;
}
