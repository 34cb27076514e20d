/**
 * The AWS provider's conformance options: a fresh EC2 emulator per test on a
 * sped-up clock, and a fresh actuator on the same clock pointed at it through
 * the real SDK clients. The live test reuses the fixtures.
 */
import type { ActuatorConformanceOptions } from '@slipway/conformance';
import { startAwsEmulator, type AwsEmulator } from '@slipway/cloud-emulator/aws';
import { createAwsActuator } from '../create-aws-actuator.js';

export const emulatorCredentials = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' };

export const awsConformanceFixtures = {
  machineProviderSpec: {
    apiVersion: 'awsprovider/v1alpha1',
    kind: 'AWSMachineProviderSpec',
    ami: { owners: ['099720109477'], filters: [{ name: 'name', values: ['ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*'] }] },
    instanceType: 't3.medium',
    rootVolume: { size: 30 },
  },
  invalidMachineProviderSpec: {
    value: { ami: { id: 'ami-0123456789abcdef0' }, instanceType: 'gigantic' },
    fieldPath: 'spec.providerSpec.value.instanceType',
  },
};

export function startConformanceEmulator(): Promise<AwsEmulator> {
  return startAwsEmulator({
    clock: { speed: 200 },
    lifecycle: { bootDelayMilliseconds: 5_000, terminationDelayMilliseconds: 5_000 },
  });
}

export const awsConformanceOptions: ActuatorConformanceOptions<AwsEmulator> = {
  name: 'aws',
  createEmulator: startConformanceEmulator,
  createActuator: (emulator) =>
    createAwsActuator({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulatorCredentials, clock: emulator.clock }),
  fixtures: awsConformanceFixtures,
  // create: DescribeImages + RunInstances; exists: one shared DescribeInstances; delete: a listing + TerminateInstances.
  budget: { create: 2, exists: 1, delete: 2 },
  timeouts: { testMilliseconds: 60_000, settleMilliseconds: 10_000 },
};
