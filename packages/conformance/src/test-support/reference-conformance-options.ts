/**
 * The kit's options for its own reference actuator on the in-memory cloud:
 * exactly what a provider author writes, with the emulator clock sped up so
 * boots and terminations take milliseconds.
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

export const createReferenceCloud = (): InMemoryCloud =>
  createInMemoryCloud({
    clock: { speed: 1_000 },
    lifecycle: { bootDelayMilliseconds: 5_000, terminationDelayMilliseconds: 5_000 },
  });

export function conformanceOptionsFor(
  name: string,
  createActuator: (cloud: InMemoryCloud) => MachineActuatorV1,
): ActuatorConformanceOptions<InMemoryCloud> {
  return {
    name,
    createEmulator: createReferenceCloud,
    createActuator,
    fixtures: referenceFixtures,
    budget: { create: 3, exists: 1, delete: 5 },
    timeouts: { testMilliseconds: 30_000, settleMilliseconds: 5_000 },
  };
}

export const referenceConformanceOptions = conformanceOptionsFor('reference', (cloud) => createReferenceActuator({ client: cloud.client }));
