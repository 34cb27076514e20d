/**
 * Builds the Metal actuators. Every setting is optional and falls back to the
 * environment (packet-environment.ts): the token from METAL_AUTH_TOKEN or
 * PACKET_API_KEY, the project from METAL_PROJECT_ID, the base URL from
 * METAL_API_URL. The base URL has no built-in default (Equinix Metal's public
 * endpoint closed on 2026-06-30): a missing one is a terminal
 * InvalidConfiguration on the first call, naming the setting and the variable.
 */
import { InvalidProviderSpecError, type ProviderActuatorsV1 } from '@slipway/core';
import { settingsFromEnvironment, systemClock } from '@slipway/provider-utils';
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
}

function positive(value: number | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`createPacketActuator: settings.${field} must be a positive number, got ${value}`);
  return value;
}

function pageSize(value: number | undefined): number {
  if (value === undefined) return 1_000;
  if (!Number.isInteger(value) || value < 1 || value > 1_000) throw new RangeError(`createPacketActuator: settings.listPageSize must be an integer from 1 to 1000, got ${value}`);
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

  const clients = (): PacketSdkClients => {
    if (settings.clients?.metal !== undefined) return { metal: settings.clients.metal };
    if (baseUrl === undefined) {
      throw new InvalidProviderSpecError('settings.baseUrl', 'no Metal API endpoint: set METAL_API_URL (or settings.baseUrl) to the base URL of the Metal API v1 you use, such as https://metal.example.com/metal/v1');
    }
    if (token === undefined) {
      throw new InvalidProviderSpecError('settings.token', 'no Metal API token: set METAL_AUTH_TOKEN (PACKET_API_KEY is read too) or settings.token');
    }
    return createPacketSdkClients({ baseUrl, token });
  };
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
    statistics: () => api.statistics(),
    close: async () => api.close(),
  };
}
