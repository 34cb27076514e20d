/**
 * Fixtures for the provider's tests: an emulated Compute Engine on a sped-up
 * clock, actuators built on the real SDK pointed at it, and Cluster / Machine
 * objects shaped as the store hands them to actuators.
 */
import type { ActuatorContextV1, Cluster, LoggerV1, Machine } from '@slipway/core';
import { createEmulatorRuntime } from '@slipway/cloud-emulator';
import { createGceThrottlingPolicy, startGceEmulator, type RunningGceEmulator, type StartGceEmulatorOptions } from '@slipway/cloud-emulator/gcp';
import { createGcpActuator, type GcpActuators } from '../create-gcp-actuator.js';
import type { GcpActuatorSettings } from '../settings/gcp-actuator-settings.js';

export const silentLogger: LoggerV1 = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export interface GcpTestBed {
  emulator: RunningGceEmulator;
  actuators: GcpActuators;
  context: ActuatorContextV1;
  stop(): Promise<void>;
}

/** Emulated time runs `speed` times faster than real time (default 500: a 30 s boot takes 60 ms). */
export async function startGcpTestBed(options: { speed?: number; emulator?: StartGceEmulatorOptions; settings?: GcpActuatorSettings } = {}): Promise<GcpTestBed> {
  const runtime = createEmulatorRuntime({
    clock: { mode: 'scaled', speed: options.speed ?? 500 },
    throttlingPolicy: createGceThrottlingPolicy(),
    lifecycle: { bootDelayMilliseconds: 30_000, terminationDelayMilliseconds: 20_000 },
  });
  const emulator = await startGceEmulator({ runtime, ...options.emulator });
  const actuators = createGcpActuator({
    apiEndpoint: emulator.endpoint,
    projectId: emulator.project,
    clock: runtime.clock,
    environment: {},
    ...options.settings,
  });
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

export function clusterFixture(overrides: { name?: string; providerSpec?: Record<string, unknown> | null } = {}): Cluster {
  const providerSpec =
    overrides.providerSpec === null
      ? undefined
      : { value: overrides.providerSpec ?? { apiVersion: 'gcpprovider/v1alpha1', kind: 'GcpClusterProviderSpec', region: 'us-central1' } };
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name: overrides.name ?? 'alpha', namespace: 'default', uid: `cluster-uid-${overrides.name ?? 'alpha'}` },
    spec: {
      clusterNetwork: { services: { cidrBlocks: ['10.96.0.0/12'] }, pods: { cidrBlocks: ['192.168.0.0/16'] }, serviceDomain: 'cluster.local' },
      ...(providerSpec ? { providerSpec } : {}),
    },
  };
}

export const workerSpec = {
  apiVersion: 'gcpprovider/v1alpha1',
  kind: 'GcpMachineProviderSpec',
  zone: 'us-central1-a',
  machineType: 'e2-medium',
  image: { family: 'debian-12', project: 'debian-cloud' },
  publicIP: true,
  additionalLabels: { team: 'platform' },
};

export function machineFixture(
  name: string,
  overrides: { uid?: string; cluster?: string; controlPlane?: boolean; providerSpec?: Record<string, unknown>; providerID?: string } = {},
): Machine {
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Machine',
    metadata: { name, namespace: 'default', uid: overrides.uid ?? `uid-${name}`, labels: { 'cluster.k8s.io/cluster-name': overrides.cluster ?? 'alpha' } },
    spec: {
      providerSpec: { value: overrides.providerSpec ?? workerSpec },
      versions: { kubelet: '1.31.0', ...(overrides.controlPlane ? { controlPlane: '1.31.0' } : {}) },
      ...(overrides.providerID !== undefined ? { providerID: overrides.providerID } : {}),
    },
  };
}

export const userData = '#cloud-config\nruncmd:\n  - echo hello\n';

/** Calls the emulator received by method, minus those before `since`. */
export function callsSince(bed: GcpTestBed, since: Record<string, number>): Record<string, number> {
  const now = bed.emulator.runtime.inspect.callLog.countsByAction();
  return Object.fromEntries(Object.entries(now).map(([action, count]) => [action, count - (since[action] ?? 0)]).filter(([, count]) => (count as number) > 0));
}
