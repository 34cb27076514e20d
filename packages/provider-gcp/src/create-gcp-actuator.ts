/**
 * Builds the Compute Engine actuators. Every setting is optional and falls back
 * the way Google's own tools do (settings/gcp-environment.ts). Tests pass the
 * emulator's endpoint, or ready SDK clients.
 */
import type { ProviderActuatorsV1 } from '@slipway/core';
import { createGceRateLimiter, invalidSettingError, settingsFromEnvironment, systemClock, type RateLimiter } from '@slipway/provider-utils';
import { GcpApiClient } from './api/gcp-api-client.js';
import type { GcpConnection } from './api/gcp-connection.js';
import { gcpClientRateLimits } from './api/gcp-rate-limits.js';
import { createGcpSdkClients } from './api/gcp-sdk-clients.js';
import { GcpClusterActuator } from './cluster/gcp-cluster-actuator.js';
import { GcpMachineActuator } from './machine/gcp-machine-actuator.js';
import type { GcpActuatorSettings } from './settings/gcp-actuator-settings.js';
import { gcpEnvironment } from './settings/gcp-environment.js';

export interface GcpActuators extends ProviderActuatorsV1 {
  machine: GcpMachineActuator;
  cluster: GcpClusterActuator;
  /** The client all API calls go through (call counts by method, retries). */
  api: GcpApiClient;
  limiter: RateLimiter<'requests'>;
  /** Closes the connections of the SDK clients it built (not of clients passed in `settings.clients`). */
  close(): Promise<void>;
}

function positive(value: number | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value)) throw invalidSettingError('createGcpActuator', field, `must be a positive number of milliseconds, got ${value}`);
  return value;
}

function pageSize(value: number | undefined): number {
  if (value === undefined) return 500;
  if (!Number.isInteger(value) || value < 1 || value > 500) throw invalidSettingError('createGcpActuator', 'listPageSize', `must be an integer from 1 to 500 (the API's page limit), got ${value}`);
  return value;
}

export function createGcpActuator(settings: GcpActuatorSettings = {}): GcpActuators {
  const environment = settingsFromEnvironment(gcpEnvironment, settings.environment ?? process.env);
  const clock = settings.clock ?? systemClock;
  const apiEndpoint = settings.apiEndpoint ?? environment.apiEndpoint?.value.replace(/\/compute\/v1\/?$/, '');
  const projectId = settings.projectId ?? environment.projectId?.value;
  // Checked before any client is built: a refused setting leaves nothing open.
  const operationTimeoutMs = positive(settings.operationTimeoutMs, 'operationTimeoutMs', 10 * 60_000);
  const describeIntervalMs = positive(settings.describeIntervalMs, 'describeIntervalMs', 10_000);
  const listPageSize = pageSize(settings.listPageSize);
  const clients = createGcpSdkClients(
    {
      ...(apiEndpoint !== undefined ? { apiEndpoint } : {}),
      ...(settings.port !== undefined ? { port: settings.port } : {}),
      ...(settings.protocol !== undefined ? { protocol: settings.protocol } : {}),
      ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
      ...(settings.keyFilename !== undefined ? { keyFilename: settings.keyFilename } : {}),
      ...(settings.authClient !== undefined ? { authClient: settings.authClient } : {}),
      ...(projectId !== undefined ? { projectId } : {}),
    },
    settings.clients,
  );
  const limiter = settings.limiter ?? createGceRateLimiter({ clock, limits: settings.rateLimits ?? gcpClientRateLimits });
  const api = new GcpApiClient({
    limiter,
    clock,
    ...(settings.maxAttempts !== undefined ? { maxAttempts: settings.maxAttempts } : {}),
    ...(settings.retryBaseDelayMs !== undefined ? { baseDelayMs: settings.retryBaseDelayMs } : {}),
    ...(settings.random !== undefined ? { random: settings.random } : {}),
  });
  const connection: GcpConnection = { clients, api, configuredProject: projectId, operationTimeoutMs, describeIntervalMs, listPageSize };
  return {
    machine: new GcpMachineActuator(connection, clock),
    cluster: new GcpClusterActuator(connection),
    api,
    limiter,
    statistics: () => api.statistics(),
    close: () => clients.close(),
  };
}
