/**
 * Fixtures for the provider's tests: an emulated OpenStack on a sped-up clock,
 * actuators configured with its OS_* variables, and Cluster / Machine objects
 * shaped as the store hands them to actuators.
 */
import { randomUUID } from 'node:crypto';
import type { ActuatorContextV1, Cluster, LoggerV1, Machine } from '@slipway/core';
import { createEmulatorRuntime } from '@slipway/cloud-emulator';
import { createOpenStackThrottlingPolicy, startOpenStackEmulator, type RunningOpenStackEmulator, type StartOpenStackEmulatorOptions } from '@slipway/cloud-emulator/openstack';
import { createOpenStackActuator, type OpenStackActuators } from '../create-openstack-actuator.js';
import type { OpenStackActuatorSettings } from '../settings/openstack-actuator-settings.js';

export const silentLogger: LoggerV1 = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export interface OpenStackTestBed {
  emulator: RunningOpenStackEmulator;
  actuators: OpenStackActuators;
  context: ActuatorContextV1;
  stop(): Promise<void>;
}

/** Emulated time runs `speed` times faster than real time (default 500: a 30 s boot takes 60 ms). */
export async function startOpenStackTestBed(options: { speed?: number; emulator?: StartOpenStackEmulatorOptions; settings?: OpenStackActuatorSettings } = {}): Promise<OpenStackTestBed> {
  const runtime = createEmulatorRuntime({
    clock: { mode: 'scaled', speed: options.speed ?? 500 },
    throttlingPolicy: createOpenStackThrottlingPolicy(),
    lifecycle: { bootDelayMilliseconds: 30_000, terminationDelayMilliseconds: 20_000 },
  });
  const emulator = await startOpenStackEmulator({ runtime, ...options.emulator });
  const actuators = createOpenStackActuator({ environment: emulator.environmentVariables(), clock: runtime.clock, ...options.settings });
  const context: ActuatorContextV1 = { signal: new AbortController().signal, logger: silentLogger, clock: runtime.clock };
  return {
    emulator,
    actuators,
    context,
    stop: async () => {
      await actuators.close();
      await emulator.stop();
    },
  };
}

export function clusterFixture(overrides: { name?: string; providerSpec?: Record<string, unknown> } = {}): Cluster {
  const name = overrides.name ?? 'alpha';
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name, namespace: 'default', uid: `cluster-uid-${name}` },
    spec: {
      clusterNetwork: { services: { cidrBlocks: ['10.96.0.0/12'] }, pods: { cidrBlocks: ['192.168.0.0/16'] }, serviceDomain: 'cluster.local' },
      providerSpec: { value: overrides.providerSpec ?? { apiVersion: 'openstackprovider/v1alpha1', kind: 'OpenStackClusterProviderSpec' } },
    },
  };
}

export function machineFixture(overrides: { name?: string; cluster?: string; controlPlane?: boolean; providerSpec?: Record<string, unknown> } = {}): Machine {
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Machine',
    metadata: { name: overrides.name ?? 'worker-1', namespace: 'default', uid: randomUUID(), labels: { 'cluster.k8s.io/cluster-name': overrides.cluster ?? 'alpha' } },
    spec: {
      providerSpec: { value: overrides.providerSpec ?? { apiVersion: 'openstackprovider/v1alpha1', kind: 'OpenStackMachineProviderSpec', flavor: 'm1.small', image: 'ubuntu-24.04', network: 'private' } },
      versions: { kubelet: '1.31.0', ...(overrides.controlPlane ? { controlPlane: '1.31.0' } : {}) },
    },
  };
}
