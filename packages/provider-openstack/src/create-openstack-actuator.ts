/**
 * Builds the OpenStack actuators. Every setting is optional and falls back the
 * way the openstack CLI does: the cloud of clouds.yaml that settings.cloud or
 * OS_CLOUD names (with secure.yaml), else the OS_* variables. The
 * configuration is read on the first call, so building the actuators never
 * fails; a bad configuration is a terminal InvalidConfiguration on the Machine
 * or Cluster, naming the setting.
 */
import type { ProviderActuatorsV1, ProviderStatisticsV1 } from '@slipway/core';
import { invalidSettingError, systemClock } from '@slipway/provider-utils';
import { createOpenStackApiClient } from './api/create-openstack-api-client.js';
import type { OpenStackApiClient } from './api/openstack-api-client.js';
import { OpenStackClusterActuator } from './cluster/openstack-cluster-actuator.js';
import { OpenStackMachineActuator } from './machine/openstack-machine-actuator.js';
import { OpenStackConnection } from './openstack-connection.js';
import type { OpenStackActuatorSettings } from './settings/openstack-actuator-settings.js';

export interface OpenStackActuators extends ProviderActuatorsV1 {
  machine: OpenStackMachineActuator;
  cluster: OpenStackClusterActuator;
  /** Calls by operation, retries by code, throttled answers and limiter waits since the actuators were built. */
  statistics(): ProviderStatisticsV1;
  /** Closes the sockets of the transport the factory built (an injected one belongs to its caller). */
  close(): Promise<void>;
}

function positive(value: number | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value)) throw invalidSettingError('createOpenStackActuator', field, `must be a positive number of milliseconds, got ${value}`);
  return value;
}

/** The API client, built on first use from the settings (so a configuration error surfaces on a Machine, not at start). */
class LazyApiClient {
  private client: OpenStackApiClient | undefined;
  constructor(private readonly settings: OpenStackActuatorSettings) {}
  get(): OpenStackApiClient {
    this.client ??= createOpenStackApiClient(this.settings);
    return this.client;
  }
  built(): OpenStackApiClient | undefined {
    return this.client;
  }
}

export function createOpenStackActuator(settings: OpenStackActuatorSettings = {}): OpenStackActuators {
  const clock = settings.clock ?? systemClock;
  const describeIntervalMs = positive(settings.describeIntervalMs, 'describeIntervalMs', 10_000);
  const lazy = new LazyApiClient(settings);
  const api = new Proxy({} as OpenStackApiClient, {
    get: (_target, property) => {
      const client = lazy.get();
      const value = Reflect.get(client, property, client) as unknown;
      return typeof value === 'function' ? (value as (...parameters: unknown[]) => unknown).bind(client) : value;
    },
  });
  const connection = new OpenStackConnection(api, clock, describeIntervalMs);
  return {
    machine: new OpenStackMachineActuator(connection, clock),
    cluster: new OpenStackClusterActuator(connection),
    statistics: () => lazy.built()?.statistics() ?? { callsByOperation: {}, retriesByCode: {}, throttledAnswers: 0, limiterWaits: {} },
    close: async () => {
      await lazy.built()?.close();
    },
  };
}
