/**
 * The kit's options for its own reference actuator on the in-memory cloud:
 * exactly what a provider author writes. The self-tests of faulty actuators use
 * a manual emulator clock (nothing depends on real time); the reference suite
 * also runs on a sped-up clock, as most providers will.
 */
import { createInMemoryCloud, type InMemoryCloud } from '@slipway/cloud-emulator';
import type { MachineActuatorV1 } from '@slipway/core';
import type { ActuatorConformanceOptions } from '../conformance-options.js';
import { createReferenceActuator } from '../reference/reference-actuator.js';

export const referenceFixtures = {
  machineProviderSpec: { instanceType: 'small', image: 'slipway-ubuntu-22.04', diskSizeGb: 30, publicAddress: true },
  invalidMachineProviderSpec: {
    value: { instanceType: 'gigantic', image: 'slipway-ubuntu-22.04' },
    fieldPath: 'spec.providerSpec.value.instanceType',
  },
};

export type ReferenceClockMode = 'scaled' | 'manual';

export const createReferenceCloud = (clock: ReferenceClockMode = 'scaled'): InMemoryCloud =>
  createInMemoryCloud({
    clock: clock === 'manual' ? { mode: 'manual' } : { speed: 1_000 },
    lifecycle: { bootDelayMilliseconds: 5_000, terminationDelayMilliseconds: 5_000 },
  });

export function conformanceOptionsFor(
  name: string,
  createActuator: (cloud: InMemoryCloud) => MachineActuatorV1,
  clock: ReferenceClockMode = 'manual',
): ActuatorConformanceOptions<InMemoryCloud> {
  return {
    name,
    createEmulator: () => createReferenceCloud(clock),
    createActuator,
    fixtures: referenceFixtures,
    budget: { create: 3, exists: 1, delete: 5 },
    timeouts: { testMilliseconds: 30_000, settleMilliseconds: 5_000 },
    // An hour of emulated time: on the sped-up clock that is 3.6 real seconds, far longer than the checks inside it.
    consistencyWindowMilliseconds: 3_600_000,
  };
}

export const referenceConformanceOptions = conformanceOptionsFor('reference', (cloud) => createReferenceActuator({ client: cloud.client }), 'scaled');
