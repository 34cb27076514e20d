/**
 * The Metal provider's conformance options: a fresh Metal emulator per test on
 * a sped-up clock, every exchange checked against the API's OpenAPI
 * description, and a fresh actuator on the same clock pointed at it through the
 * generated client. The live test reuses the fixtures.
 */
import type { ActuatorConformanceOptions } from '@slipway/conformance';
import { createEmulatorRuntime } from '@slipway/cloud-emulator';
import { createMetalOpenApiCheck, createMetalThrottlingPolicy, startMetalEmulator, type MetalOpenApiCheck, type RunningMetalEmulator } from '@slipway/cloud-emulator/packet';
import { createPacketActuator } from '../create-packet-actuator.js';

export const packetConformanceFixtures = {
  machineProviderSpec: {
    apiVersion: 'packetprovider/v1alpha1',
    kind: 'PacketMachineProviderSpec',
    metro: 'da',
    plan: 'c3.small.x86',
    operatingSystem: 'ubuntu_24_04',
    billingCycle: 'hourly',
  },
  invalidMachineProviderSpec: {
    value: { metro: 'da', plan: 'C3 Small', operatingSystem: 'ubuntu_24_04' },
    fieldPath: 'spec.providerSpec.value.plan',
  },
};

/** Every exchange of every conformance emulator, checked against the OpenAPI description; the conformance file asserts it stays empty. */
export const conformanceExchangeCheck: Promise<MetalOpenApiCheck> = createMetalOpenApiCheck();

export async function startConformanceEmulator(): Promise<RunningMetalEmulator> {
  const check = await conformanceExchangeCheck;
  return startMetalEmulator({
    runtime: createEmulatorRuntime({
      clock: { mode: 'scaled', speed: 200 },
      throttlingPolicy: createMetalThrottlingPolicy(),
      // Deprovisioning takes ten emulated minutes (3 real seconds), as bare metal does: longer than one
      // call's retries even on a loaded machine, so a delete whose every answer is lost cannot see it gone.
      lifecycle: { bootDelayMilliseconds: 5_000, terminationDelayMilliseconds: 600_000 },
    }),
    observe: check.observe,
  });
}

export const packetConformanceOptions: ActuatorConformanceOptions<RunningMetalEmulator> = {
  name: 'packet',
  createEmulator: startConformanceEmulator,
  createActuator: (emulator) =>
    createPacketActuator({ baseUrl: emulator.baseUrl, token: emulator.token, projectId: emulator.projectId, clock: emulator.clock, environment: {} }),
  fixtures: packetConformanceFixtures,
  // create: a listing by the Machine's UID tag, createDevice, and the listing that finds duplicates;
  // exists: one shared listing of the cluster's devices; delete: deleteDevice.
  budget: { create: 3, exists: 1, delete: 1 },
  timeouts: { testMilliseconds: 60_000, settleMilliseconds: 10_000 },
  // Ten emulated minutes are 3 real seconds at x200: wide enough that a busy machine never closes the window early.
  consistencyWindowMilliseconds: 600_000,
};
