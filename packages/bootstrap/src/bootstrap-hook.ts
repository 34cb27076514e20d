import { isControlPlaneMachine, type BootstrapDataV1, type Cluster, type Machine } from '@slipway/core';
import { claimControlPlaneInitialization, releaseControlPlaneInitialization } from './cluster/control-plane-initialization.js';
import { InvalidBootstrapInputError } from './errors/invalid-bootstrap-input-error.js';
import type { MachineRegistryPort } from './ports/machine-registry-port.js';
import type { SecretStorePort } from './ports/secret-store-port.js';
import { ensureClusterPki } from './pki/cluster-pki.js';
import { publicKeyHashPattern } from './pki/public-key-hash.js';
import type { MachineBootstrapRole } from './service/node-authorizer.js';
import { BootstrapTokenStore } from './tokens/bootstrap-token-store.js';
import { renderUserData } from './user-data/render-user-data.js';
import type { UserDataCloud } from './user-data/user-data-size-limits.js';

/**
 * What the manager's controllers call: PKI when a Cluster is reconciled,
 * bootstrap data (a fresh single-use token + rendered user data) before a
 * Machine's instance is created, clean-up when a Machine is deleted. It
 * satisfies the manager's BootstrapHook shape structurally.
 */
export interface BootstrapHookOptions {
  secrets: SecretStorePort;
  /** Used to keep Machine status (tokenExpiresAt) in step with token refreshes. */
  machines?: MachineRegistryPort;
  /** From startNodeAuthorizationService: where agents dial and which CA they pin. */
  serviceUrl: string;
  caHash: string;
  clock?: { now(): number };
  /** Must match the service's namespace. */
  namespace?: string;
  tokenTimeToLiveMs?: number;
  /** The cloud whose user-data limit applies to a Machine; every cloud's when it returns undefined. */
  cloudOf?: (request: { cluster: Cluster; machine: Machine }) => UserDataCloud | undefined;
}

export interface BootstrapHook {
  ensureClusterPki(request: { cluster: Cluster }, context: { signal: AbortSignal }): Promise<void>;
  bootstrapData(request: { cluster: Cluster; machine: Machine }, context: { signal: AbortSignal }): Promise<BootstrapDataV1 & { tokenExpiresAt?: string }>;
  machineDeleted(request: { cluster: Cluster; machine: Machine }, context: { signal: AbortSignal }): Promise<void>;
  /**
   * Pushes a still-provisioning Machine's token expiry out by another time to
   * live (slow clouds, bare metal); returns the new expiry, or undefined when
   * the Machine has no live token (then render bootstrap data again).
   */
  refreshBootstrapToken(request: { cluster: Cluster; machine: Machine }, context: { signal: AbortSignal }): Promise<{ tokenExpiresAt?: string }>;
}

export function createBootstrapHook(options: BootstrapHookOptions): BootstrapHook {
  if (!publicKeyHashPattern.test(options.caHash)) {
    throw new InvalidBootstrapInputError('caHash', 'must be sha256:<64 hex digits>, the pin startNodeAuthorizationService returns');
  }
  let serviceUrl: URL | undefined;
  try {
    serviceUrl = new URL(options.serviceUrl);
  } catch {
    serviceUrl = undefined;
  }
  if (serviceUrl?.protocol !== 'https:') {
    throw new InvalidBootstrapInputError('serviceUrl', `${JSON.stringify(options.serviceUrl)} is not an https URL; pass the url startNodeAuthorizationService returns`);
  }
  const clock = options.clock ?? { now: () => Date.now() };
  const tokens = new BootstrapTokenStore({
    secrets: options.secrets,
    clock,
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    ...(options.tokenTimeToLiveMs !== undefined ? { timeToLiveMs: options.tokenTimeToLiveMs } : {}),
  });

  return {
    async ensureClusterPki({ cluster }, { signal }) {
      signal.throwIfAborted();
      await ensureClusterPki(options.secrets, cluster, clock);
    },

    async bootstrapData({ cluster, machine }, { signal }) {
      signal.throwIfAborted();
      if (!machine.metadata.uid) throw new InvalidBootstrapInputError('Machine metadata.uid', 'is required; store the Machine before asking for its bootstrap data');
      // PKI first: an agent whose cluster has no PKI would only be turned away.
      await ensureClusterPki(options.secrets, cluster, clock);
      let role: MachineBootstrapRole = 'worker';
      if (isControlPlaneMachine(machine)) {
        role = cluster.status?.controlPlaneReady !== true && (await claimControlPlaneInitialization(options.secrets, cluster, machine)) ? 'init' : 'control-plane';
      }
      signal.throwIfAborted();
      const { token, expiresAt } = await tokens.issue(cluster, machine);
      const cloud = options.cloudOf?.({ cluster, machine });
      const userData = renderUserData({
        cluster,
        machine,
        role,
        token: token.value,
        serviceUrl: options.serviceUrl,
        caHash: options.caHash,
        ...(cloud ? { cloud } : {}),
      });
      return { userData, tokenExpiresAt: expiresAt.toISOString() };
    },

    async machineDeleted({ cluster, machine }) {
      const machineUid = machine.metadata.uid;
      if (!machineUid) return;
      await tokens.revokeForMachine(machineUid);
      if (isControlPlaneMachine(machine)) await releaseControlPlaneInitialization(options.secrets, cluster, machineUid);
    },

    async refreshBootstrapToken({ machine }, { signal }) {
      signal.throwIfAborted();
      const machineUid = machine.metadata.uid;
      if (!machineUid || machine.metadata.deletionTimestamp !== undefined || machine.status?.bootstrap?.phase === 'NodeRegistered') return {};
      const expiresAt = await tokens.refresh(machineUid);
      if (!expiresAt) return {};
      const tokenExpiresAt = expiresAt.toISOString();
      await options.machines?.updateBootstrapStatus(machineUid, (status) => ({ ...status, tokenExpiresAt }));
      return { tokenExpiresAt };
    },
  };
}
