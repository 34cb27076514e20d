/**
 * What both actuators of one provider instance share: the SDK clients, the
 * rate-limited caller, the project to work in, and the waiting budgets.
 */
import { TerminalError } from '@slipway/core';
import type { GcpApiClient } from './gcp-api-client.js';
import type { GcpClusterProviderSpec } from '../cluster/gcp-cluster-provider-spec.js';
import type { GcpSdkClients } from './gcp-sdk-clients.js';

export interface GcpConnection {
  clients: GcpSdkClients;
  api: GcpApiClient;
  /** The project of the settings or the environment; the credentials' own project is asked for only when both are silent. */
  configuredProject: string | undefined;
  /** How long one actuator call waits for an operation before handing back to the controller. */
  operationTimeoutMs: number;
  /** How old a zone's instance listing may be and still answer `exists`. */
  describeIntervalMs: number;
  /** `maxResults` of list calls: 500, the API's largest page. */
  listPageSize: number;
}

const projectCache = new WeakMap<GcpConnection, Promise<string>>();

/** The cluster's project, else the configured one, else the one the credentials belong to. */
export async function projectOf(connection: GcpConnection, clusterSpec: GcpClusterProviderSpec | undefined): Promise<string> {
  if (clusterSpec?.project) return clusterSpec.project;
  if (connection.configuredProject) return connection.configuredProject;
  let pending = projectCache.get(connection);
  if (!pending) {
    pending = connection.clients.instances.getProjectId().catch((error: unknown) => {
      projectCache.delete(connection);
      throw new TerminalError(
        'InvalidConfiguration',
        'No Compute Engine project: set projectId in the provider settings, GOOGLE_CLOUD_PROJECT (or CLOUDSDK_CORE_PROJECT), or the Cluster providerSpec field project',
        { cause: error },
      );
    });
    projectCache.set(connection, pending);
  }
  return pending;
}
