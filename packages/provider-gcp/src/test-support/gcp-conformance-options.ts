/**
 * The Compute Engine provider's conformance options: a fresh Compute emulator
 * per test on a sped-up clock, and a fresh actuator on the same clock pointed at
 * it through the real SDK. The live test reuses the fixtures.
 */
import type { ActuatorConformanceOptions } from '@slipway/conformance';
import { createEmulatorRuntime } from '@slipway/cloud-emulator';
import { createGceThrottlingPolicy, startGceEmulator, type RunningGceEmulator } from '@slipway/cloud-emulator/gcp';
import { createGcpActuator } from '../create-gcp-actuator.js';

export const gcpConformanceFixtures = {
  machineProviderSpec: {
    apiVersion: 'gcpprovider/v1alpha1',
    kind: 'GcpMachineProviderSpec',
    zone: 'us-central1-a',
    machineType: 'e2-small',
    image: { family: 'debian-12', project: 'debian-cloud' },
    disk: { sizeGb: 10, type: 'pd-standard' },
  },
  invalidMachineProviderSpec: {
    value: { zone: 'us-central1-a', machineType: 'E2 Small', image: { family: 'debian-12', project: 'debian-cloud' } },
    fieldPath: 'spec.providerSpec.value.machineType',
  },
};

export function startConformanceEmulator(): Promise<RunningGceEmulator> {
  return startGceEmulator({
    runtime: createEmulatorRuntime({
      clock: { mode: 'scaled', speed: 200 },
      throttlingPolicy: createGceThrottlingPolicy(),
      lifecycle: { bootDelayMilliseconds: 5_000, terminationDelayMilliseconds: 5_000 },
    }),
  });
}

export const gcpConformanceOptions: ActuatorConformanceOptions<RunningGceEmulator> = {
  name: 'gcp',
  createEmulator: startConformanceEmulator,
  createActuator: (emulator) =>
    createGcpActuator({ apiEndpoint: emulator.endpoint, projectId: emulator.project, clock: emulator.clock, environment: {} }),
  fixtures: gcpConformanceFixtures,
  // create: instances.insert + one zoneOperations.wait + instances.get; exists: one shared instances.list;
  // delete: instances.delete + one zoneOperations.wait + disks.get (the boot disk verified gone).
  budget: { create: 3, exists: 1, delete: 3 },
  timeouts: { testMilliseconds: 60_000, settleMilliseconds: 10_000 },
  // Ten emulated minutes are 3 real seconds at x200: wide enough that a busy machine never closes the window early.
  consistencyWindowMilliseconds: 600_000,
};
