/**
 * A Resource Manager emulator, the provider's actuators pointed at it, and
 * Cluster and Machine objects to drive them: what the provider's own tests
 * share. The emulator's side door (`inspect`) judges the outcome.
 */
import { randomUUID } from 'node:crypto';
import { startAzureResourceManagerEmulator, type AzureResourceManagerEmulator, type AzureResourceManagerEmulatorOptions } from '@slipway/cloud-emulator/azure';
import { clusterSchema, machineSchema, type ActuatorContextV1, type Cluster, type Machine } from '@slipway/core';
import { createAzureActuator, type AzureActuators } from '../create-azure-actuator.js';
import type { AzureActuatorSettings } from '../settings/azure-actuator-settings.js';
import { emulatorActuatorSettings } from './azure-conformance-options.js';

export interface AzureTestWorld {
  emulator: AzureResourceManagerEmulator;
  actuators: AzureActuators;
  context: ActuatorContextV1;
  cluster(name: string, providerSpec?: Record<string, unknown>): Cluster;
  machine(cluster: Cluster, name: string, options?: { controlPlane?: boolean; providerSpec?: Record<string, unknown> }): Machine;
  stop(): Promise<void>;
}

export const testMachineProviderSpec = {
  vmSize: 'Standard_D2s_v5',
  image: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' },
};

export async function openAzureTestWorld(
  options: { emulator?: AzureResourceManagerEmulatorOptions; settings?: Partial<AzureActuatorSettings> } = {},
): Promise<AzureTestWorld> {
  const emulator = await startAzureResourceManagerEmulator({
    clock: { speed: 200 },
    lifecycle: { bootDelayMilliseconds: 5_000, terminationDelayMilliseconds: 5_000 },
    ...options.emulator,
  });
  // Ten emulated minutes of listing cache (three real seconds at x200): "one listing for many lookups" must not depend on this machine's load.
  const actuators = createAzureActuator({ ...emulatorActuatorSettings(emulator), describeIntervalMs: 600_000, ...options.settings });
  const silent = () => undefined;
  return {
    emulator,
    actuators,
    context: { signal: new AbortController().signal, clock: emulator.clock, logger: { debug: silent, info: silent, warn: silent, error: silent } },
    cluster: (name, providerSpec) =>
      clusterSchema.parse({
        apiVersion: 'cluster.k8s.io/v1alpha1',
        kind: 'Cluster',
        metadata: { name, namespace: 'default', uid: randomUUID() },
        spec: { providerSpec: { value: providerSpec ?? { location: 'westeurope', resourceGroup: { name: `${name}-rg` } } } },
      }),
    machine: (cluster, name, machineOptions = {}) =>
      machineSchema.parse({
        apiVersion: 'cluster.k8s.io/v1alpha1',
        kind: 'Machine',
        metadata: { name, namespace: 'default', uid: randomUUID(), labels: { 'cluster.k8s.io/cluster-name': cluster.metadata.name } },
        spec: {
          providerSpec: { value: machineOptions.providerSpec ?? testMachineProviderSpec },
          versions: machineOptions.controlPlane ? { kubelet: '1.30.0', controlPlane: '1.30.0' } : { kubelet: '1.30.0' },
        },
      }),
    stop: async () => {
      await actuators.close();
      await emulator.stop();
    },
  };
}
