/**
 * The OpenStack provider's conformance options: a fresh emulated OpenStack per
 * test on a sped-up clock, and a fresh actuator on the same clock configured
 * the way users configure it (OS_* variables for the emulator's Keystone).
 */
import type { ActuatorConformanceOptions } from '@slipway/conformance';
import { createEmulatorRuntime } from '@slipway/cloud-emulator';
import { createOpenStackThrottlingPolicy, startOpenStackEmulator, type RunningOpenStackEmulator } from '@slipway/cloud-emulator/openstack';
import { createOpenStackActuator } from '../create-openstack-actuator.js';

export const openStackConformanceFixtures = {
  machineProviderSpec: {
    apiVersion: 'openstackprovider/v1alpha1',
    kind: 'OpenStackMachineProviderSpec',
    flavor: 'm1.small',
    image: 'ubuntu-24.04',
    network: 'private',
  },
  invalidMachineProviderSpec: {
    value: { flavor: 42, image: 'ubuntu-24.04', network: 'private' },
    fieldPath: 'spec.providerSpec.value.flavor',
  },
};

export function startConformanceEmulator(): Promise<RunningOpenStackEmulator> {
  return startOpenStackEmulator({
    runtime: createEmulatorRuntime({
      clock: { mode: 'scaled', speed: 200 },
      throttlingPolicy: createOpenStackThrottlingPolicy(),
      lifecycle: { bootDelayMilliseconds: 5_000, terminationDelayMilliseconds: 5_000 },
    }),
  });
}

export const openStackConformanceOptions: ActuatorConformanceOptions<RunningOpenStackEmulator> = {
  name: 'openstack',
  createEmulator: startConformanceEmulator,
  createActuator: (emulator) => createOpenStackActuator({ environment: emulator.environmentVariables(), clock: emulator.clock }).machine,
  fixtures: openStackConformanceFixtures,
  // create: token, flavors (by name), Glance image (by name), network (by name), the cluster's security groups,
  // servers by UID, ports by UID, POST port, POST server, servers by UID (keep the oldest);
  // exists: one tag-filtered server listing; delete: servers by UID, DELETE server, ports by UID, DELETE port.
  budget: { create: 10, exists: 1, delete: 4 },
  timeouts: { testMilliseconds: 60_000, settleMilliseconds: 10_000 },
  consistencyWindowMilliseconds: 600_000,
};
