/**
 * Builds the Metal actuators. Every setting is optional and falls back to the
 * environment (packet-environment.ts): the token from METAL_AUTH_TOKEN or
 * PACKET_API_KEY, the project from METAL_PROJECT_ID, the base URL from
 * METAL_API_URL. The base URL has no built-in default (Equinix Metal's public
 * endpoint closed on 2026-06-30): a missing one (or a missing token) is a
 * terminal InvalidConfiguration from the factory, naming the setting and the variable.
 */
import type { ProviderActuatorsV1 } from '@slipway/core';
import { invalidSettingError, settingsFromEnvironment, systemClock } from '@slipway/provider-utils';
import { PacketApiClient } from './api/packet-api-client.js';
import { PacketConnection } from './api/packet-connection.js';
import { createPacketRateLimiter } from './api/packet-rate-limits.js';
import { createPacketSdkClients, type PacketSdkClients } from './api/packet-sdk-clients.js';
import { PacketClusterActuator } from './cluster/packet-cluster-actuator.js';
import { PacketControlPlaneAddress } from './cluster/packet-control-plane-address.js';
import { PacketMachineActuator } from './machine/packet-machine-actuator.js';
import type { PacketActuatorSettings } from './settings/packet-actuator-settings.js';
import { packetEnvironment } from './settings/packet-environment.js';

export interface PacketActuators extends ProviderActuatorsV1 {
  machine: PacketMachineActuator;
  cluster: PacketClusterActuator;
  /** The client every API call goes through (limiter, retries, error mapping, counts). */
  api: PacketApiClient;
}

function positive(value: number | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value)) throw invalidSettingError('createPacketActuator', field, `must be a positive number, got ${value}`);
  return value;
}

function pageSize(value: number | undefined): number {
  if (value === undefined) return 1_000;
  if (!Number.isInteger(value) || value < 1 || value > 1_000) throw invalidSettingError('createPacketActuator', 'listPageSize', `must be an integer from 1 to 1000 (the API's page limit), got ${value}`);
  return value;
}

export function createPacketActuator(settings: PacketActuatorSettings = {}): PacketActuators {
  const environment = settingsFromEnvironment(packetEnvironment, settings.environment ?? process.env);
  const clock = settings.clock ?? systemClock;
  const baseUrl = settings.baseUrl ?? environment.baseUrl?.value;
  const token = settings.token ?? environment.token?.value;
  const projectId = settings.projectId ?? environment.projectId?.value;
  const maxAttempts = settings.maxAttempts === undefined ? undefined : positive(settings.maxAttempts, 'maxAttempts', 6);
  const retryBaseDelayMs = settings.retryBaseDelayMs === undefined ? undefined : positive(settings.retryBaseDelayMs, 'retryBaseDelayMs', 500);

  const injected = settings.clients?.metal;
  if (injected === undefined && baseUrl === undefined) {
    throw invalidSettingError('createPacketActuator', 'baseUrl', 'is missing: set METAL_API_URL (or pass baseUrl) to the base URL of the Metal API v1 you use, such as https://metal.example.com/metal/v1');
  }
  if (injected === undefined && token === undefined) {
    throw invalidSettingError('createPacketActuator', 'token', 'is missing: set METAL_AUTH_TOKEN (PACKET_API_KEY is read too) or pass token');
  }
  const clients = (): PacketSdkClients => (injected !== undefined ? { metal: injected } : createPacketSdkClients({ baseUrl: baseUrl!, token: token! }));
  const limiter = createPacketRateLimiter({ clock, ...(settings.rateLimits ? { limits: settings.rateLimits } : {}) });
  const api = new PacketApiClient({
    clients,
    limiter,
    clock,
    ...(settings.random ? { random: settings.random } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    ...(retryBaseDelayMs !== undefined ? { baseDelayMs: retryBaseDelayMs } : {}),
  });
  const connection = new PacketConnection({
    api,
    projectId,
    describeIntervalMs: positive(settings.describeIntervalMs, 'describeIntervalMs', 10_000),
    listPageSize: pageSize(settings.listPageSize),
  });
  const address = new PacketControlPlaneAddress(connection);
  return {
    machine: new PacketMachineActuator(connection, address, clock),
    cluster: new PacketClusterActuator(connection, address),
    api,
    statistics: () => api.statistics(),
    close: async () => api.close(),
  };
}
