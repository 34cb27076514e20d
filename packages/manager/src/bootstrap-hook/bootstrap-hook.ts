/**
 * What the controllers ask of the bootstrap side (PKI, per-machine tokens, user
 * data). The manager only defines the shape; the bootstrap package satisfies it
 * structurally, and without one the manager passes empty user data and treats a
 * running instance as a joined node.
 */
import type { BootstrapDataV1, Cluster, Machine } from '@slipway/core';

export interface BootstrapHook {
  /** Creates the cluster's CAs and service-account key once; later calls change nothing. */
  ensureClusterPki(request: { cluster: Cluster }, context: { signal: AbortSignal }): Promise<void>;
  /** Issues (or refreshes, while the Machine is still provisioning) the Machine's single-use token and renders its user data. */
  bootstrapData(
    request: { cluster: Cluster; machine: Machine },
    context: { signal: AbortSignal },
  ): Promise<BootstrapDataV1 & { tokenExpiresAt?: string }>;
  /** Revokes what the Machine still holds (its token) when it is deleted. */
  machineDeleted(request: { cluster: Cluster; machine: Machine }, context: { signal: AbortSignal }): Promise<void>;
}
