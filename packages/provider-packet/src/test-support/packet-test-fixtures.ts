/**
 * Fixtures for the provider's tests: an emulated Metal API on a manual clock
 * (every exchange checked against the OpenAPI description), actuators built on
 * the generated client pointed at it, and Cluster / Machine objects shaped as
 * the store hands them to actuators.
 */
import type { ActuatorContextV1, Cluster, LoggerV1, Machine } from '@slipway/core';
import { createEmulatorRuntime } from '@slipway/cloud-emulator';
import { createMetalOpenApiCheck, startMetalEmulator, type MetalOpenApiCheck, type RunningMetalEmulator } from '@slipway/cloud-emulator/packet';
import { createPacketActuator, type PacketActuators } from '../create-packet-actuator.js';
import type { PacketActuatorSettings } from '../settings/packet-actuator-settings.js';

export interface RecordingLogger extends LoggerV1 {
  readonly warnings: string[];
}

export function recordingLogger(): RecordingLogger {
  const warnings: string[] = [];
  return { debug: () => {}, info: () => {}, warn: (message) => warnings.push(message), error: () => {}, warnings };
}

export interface PacketTestBed {
  emulator: RunningMetalEmulator;
  actuators: PacketActuators;
  context: ActuatorContextV1 & { logger: RecordingLogger };
  check: MetalOpenApiCheck;
  stop(): Promise<void>;
}

/** A manual emulator clock: tests move time with `emulator.clock.advance`, and the actuator's waits move it too. */
export async function startPacketTestBed(options: { settings?: PacketActuatorSettings } = {}): Promise<PacketTestBed> {
  const check = await createMetalOpenApiCheck();
  const runtime = createEmulatorRuntime({ clock: { mode: 'manual', startAt: Date.UTC(2026, 0, 1) }, lifecycle: { bootDelayMilliseconds: 60_000, terminationDelayMilliseconds: 30_000 } });
  const emulator = await startMetalEmulator({ runtime, observe: check.observe });
  const clock = {
    now: () => runtime.clock.now(),
    sleep: async (milliseconds: number) => runtime.clock.advance(milliseconds),
  };
  const actuators = createPacketActuator({ baseUrl: emulator.baseUrl, token: emulator.token, projectId: emulator.projectId, clock, environment: {}, ...options.settings });
  const context = { signal: new AbortController().signal, logger: recordingLogger(), clock };
  return {
    emulator,
    actuators,
    context,
    check,
    stop: async () => {
      await actuators.close();
      await emulator.stop();
    },
  };
}

export function clusterFixture(providerSpec: Record<string, unknown> | null = { apiVersion: 'packetprovider/v1alpha1', kind: 'PacketClusterProviderSpec', metro: 'da' }): Cluster {
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'alpha', namespace: 'default', uid: 'cluster-uid-alpha' },
    spec: {
      clusterNetwork: { services: { cidrBlocks: ['10.96.0.0/12'] }, pods: { cidrBlocks: ['192.168.0.0/16'] }, serviceDomain: 'cluster.local' },
      ...(providerSpec !== null ? { providerSpec: { value: providerSpec } } : {}),
    },
  };
}

export const workerSpec = {
  apiVersion: 'packetprovider/v1alpha1',
  kind: 'PacketMachineProviderSpec',
  metro: 'da',
  plan: 'c3.small.x86',
  operatingSystem: 'ubuntu_24_04',
};

export function machineFixture(name: string, overrides: { controlPlane?: boolean; providerSpec?: Record<string, unknown>; providerID?: string } = {}): Machine {
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Machine',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { 'cluster.k8s.io/cluster-name': 'alpha' } },
    spec: {
      providerSpec: { value: overrides.providerSpec ?? workerSpec },
      versions: { kubelet: '1.31.0', ...(overrides.controlPlane ? { controlPlane: '1.31.0' } : {}) },
      ...(overrides.providerID !== undefined ? { providerID: overrides.providerID } : {}),
    },
  };
}

export const userData = '#cloud-config\nruncmd:\n  - echo hello\n';
