/**
 * Builds the Compute Engine actuators. Every setting is optional and falls back
 * the way Google's own tools do: the project from GOOGLE_CLOUD_PROJECT, then
 * CLOUDSDK_CORE_PROJECT (then the credentials' project); credentials from
 * Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's
 * login, the metadata server); the endpoint from
 * CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE. Tests pass the emulator's endpoint,
 * or ready SDK clients.
 */
import type { ClockV1, ProviderActuatorsV1 } from '@slipway/core';
import { createGceRateLimiter, environmentVariablesOf, settingsFromEnvironment, systemClock, type RateLimiter } from '@slipway/provider-utils';
import type { AuthClient } from 'google-auth-library';
import { GcpApiCaller } from './gcp-api-caller.js';
import { GcpClusterActuator } from './gcp-cluster-actuator.js';
import { createGcpComputeClients, type GcpComputeClients, type GcpServiceAccountKey } from './gcp-compute-clients.js';
import type { GcpConnection } from './gcp-connection.js';
import { GcpMachineActuator } from './gcp-machine-actuator.js';

export const gcpEnvironment = {
  projectId: ['GOOGLE_CLOUD_PROJECT', 'CLOUDSDK_CORE_PROJECT', 'GCLOUD_PROJECT'],
  apiEndpoint: ['CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE'],
  keyFilename: ['GOOGLE_APPLICATION_CREDENTIALS'],
} as const;

/** Every environment variable the provider reads, for docs and messages. */
export const gcpEnvironmentVariables: readonly string[] = environmentVariablesOf(gcpEnvironment);

export interface GcpActuatorSettings {
  /** The project; default GOOGLE_CLOUD_PROJECT, CLOUDSDK_CORE_PROJECT, then the credentials' own project. A Cluster's providerSpec may name another. */
  projectId?: string;
  /** A service account key (the parsed JSON file); default Application Default Credentials. */
  credentials?: GcpServiceAccountKey;
  /** A service account key file; default GOOGLE_APPLICATION_CREDENTIALS through Application Default Credentials. */
  keyFilename?: string;
  /** A ready auth client (impersonation, workload identity federation, or a PassThroughClient for emulators). */
  authClient?: AuthClient;
  /** Host or URL of the Compute API (`http://127.0.0.1:8080` for an emulator); default the public endpoint. Plain HTTP never carries credentials. */
  apiEndpoint?: string;
  port?: number;
  protocol?: 'http' | 'https';
  /** Ready SDK clients; each one given replaces the one built from the settings above. */
  clients?: Partial<GcpComputeClients>;
  /** The clock of rate limiting and retries; the controller's clock drives waits. Default the system clock. */
  clock?: ClockV1;
  /** The client-side limiter; default Compute's published 1,500 requests per minute. Share one between actuators of one project. */
  limiter?: RateLimiter<'requests'>;
  /** How long one call waits for an operation before handing back to the controller; default 10 minutes. */
  operationTimeoutMs?: number;
  /** How old a zone's instance listing may be and still answer `exists`; default 10 seconds. */
  describeIntervalMs?: number;
  /** Items per page of list calls; default 500, the API's maximum. */
  listPageSize?: number;
  /** Attempts per API call for retryable errors; default 6. */
  maxAttempts?: number;
  /** The first retry backoff ceiling; default 500 ms. */
  retryBaseDelayMs?: number;
  /** Where environment fallbacks are read; default process.env. */
  environment?: Record<string, string | undefined>;
}

export interface GcpActuators extends ProviderActuatorsV1 {
  machine: GcpMachineActuator;
  cluster: GcpClusterActuator;
  /** The caller all API calls go through (call counts by method, retries). */
  caller: GcpApiCaller;
  limiter: RateLimiter<'requests'>;
  /** Closes the connections of the SDK clients it built (not of clients passed in `settings.clients`). */
  close(): Promise<void>;
}

function positive(value: number | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`createGcpActuator: settings.${field} must be a positive number of milliseconds, got ${value}`);
  return value;
}

function pageSize(value: number | undefined): number {
  if (value === undefined) return 500;
  if (!Number.isInteger(value) || value < 1 || value > 500) throw new RangeError(`createGcpActuator: settings.listPageSize must be an integer from 1 to 500, got ${value}`);
  return value;
}

export function createGcpActuator(settings: GcpActuatorSettings = {}): GcpActuators {
  const environment = settingsFromEnvironment(gcpEnvironment, settings.environment ?? process.env);
  const clock = settings.clock ?? systemClock;
  const apiEndpoint = settings.apiEndpoint ?? environment.apiEndpoint?.value.replace(/\/compute\/v1\/?$/, '');
  const projectId = settings.projectId ?? environment.projectId?.value;
  const clients = createGcpComputeClients({
    ...(apiEndpoint !== undefined ? { apiEndpoint } : {}),
    ...(settings.port !== undefined ? { port: settings.port } : {}),
    ...(settings.protocol !== undefined ? { protocol: settings.protocol } : {}),
    ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
    ...(settings.keyFilename !== undefined ? { keyFilename: settings.keyFilename } : {}),
    ...(settings.authClient !== undefined ? { authClient: settings.authClient } : {}),
    ...(projectId !== undefined ? { projectId } : {}),
  }, settings.clients);
  const limiter = settings.limiter ?? createGceRateLimiter({ clock });
  const caller = new GcpApiCaller({
    limiter,
    clock,
    ...(settings.maxAttempts !== undefined ? { maxAttempts: settings.maxAttempts } : {}),
    ...(settings.retryBaseDelayMs !== undefined ? { baseDelayMs: settings.retryBaseDelayMs } : {}),
  });
  const connection: GcpConnection = {
    clients,
    caller,
    configuredProject: projectId,
    operationTimeoutMs: positive(settings.operationTimeoutMs, 'operationTimeoutMs', 10 * 60_000),
    describeIntervalMs: positive(settings.describeIntervalMs, 'describeIntervalMs', 10_000),
    listPageSize: pageSize(settings.listPageSize),
  };
  return {
    machine: new GcpMachineActuator(connection, clock),
    cluster: new GcpClusterActuator(connection),
    caller,
    limiter,
    statistics: () => caller.statistics(),
    close: () => clients.close(),
  };
}
