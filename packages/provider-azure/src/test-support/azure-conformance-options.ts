/**
 * The Azure provider's conformance options: a fresh Resource Manager emulator
 * per test on a sped-up clock, and a fresh actuator on the same clock pointed
 * at it over HTTPS through the real SDK clients. The cluster's resource group
 * and network are made first by the provider's own cluster actuator, as the
 * Cluster controller would before any Machine. The live test reuses the fixtures.
 */
import type { ActuatorConformanceOptions } from '@slipway/conformance';
import { startAzureResourceManagerEmulator, type AzureResourceManagerEmulator } from '@slipway/cloud-emulator/azure';
import { clusterSchema } from '@slipway/core';
import { createAzureActuator } from '../create-azure-actuator.js';
import type { AzureActuatorSettings } from '../settings/azure-actuator-settings.js';
import { emulatorCredential } from './emulator-credential.js';

export const azureConformanceFixtures = {
  machineProviderSpec: {
    apiVersion: 'azureprovider/v1alpha1',
    kind: 'AzureMachineProviderSpec',
    vmSize: 'Standard_D2s_v5',
    image: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
    osDisk: { sizeGB: 30, storageAccountType: 'Premium_LRS' },
  },
  clusterProviderSpec: {
    apiVersion: 'azureprovider/v1alpha1',
    kind: 'AzureClusterProviderSpec',
    location: 'westeurope',
    resourceGroup: { name: 'slipway-conformance', mode: 'existing' },
    virtualNetwork: { name: 'slipway-conformance-vnet', cidrBlock: '10.40.0.0/16' },
    subnets: { controlPlane: { cidrBlock: '10.40.0.0/24' }, nodes: { cidrBlock: '10.40.1.0/24' } },
    apiServerLoadBalancer: { enabled: false },
  },
  invalidMachineProviderSpec: {
    value: { vmSize: 'gigantic', image: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' } },
    fieldPath: 'spec.providerSpec.value.vmSize',
  },
};

/** Makes the resource group and network the fixtures name, with the provider's cluster actuator. */
export async function prepareConformanceInfrastructure(settings: AzureActuatorSettings): Promise<void> {
  const actuators = createAzureActuator(settings);
  const cluster = clusterSchema.parse({
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'conformance-infrastructure', namespace: 'default' },
    spec: {
      providerSpec: {
        value: { ...azureConformanceFixtures.clusterProviderSpec, resourceGroup: { name: 'slipway-conformance', mode: 'managed' } },
      },
    },
  });
  const controller = new AbortController();
  try {
    await actuators.cluster.reconcile(
      { cluster },
      {
        signal: controller.signal,
        clock: settings.clock!,
        logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      },
    );
  } finally {
    await actuators.close();
  }
}

export function emulatorActuatorSettings(emulator: AzureResourceManagerEmulator): AzureActuatorSettings {
  return {
    subscriptionId: emulator.subscriptionId,
    endpoint: emulator.endpoint,
    certificateAuthority: emulator.certificateAuthority,
    credential: emulatorCredential,
    clock: emulator.clock,
    pollIntervalMs: 20,
    retryBaseDelayMs: 20,
  };
}

export function startConformanceEmulator(): Promise<AzureResourceManagerEmulator> {
  return startAzureResourceManagerEmulator({
    clock: { speed: 200 },
    lifecycle: { bootDelayMilliseconds: 5_000, terminationDelayMilliseconds: 5_000 },
    networkOperationMilliseconds: 2_000,
  });
}

export const azureConformanceOptions: ActuatorConformanceOptions<AzureResourceManagerEmulator> = {
  name: 'azure',
  createEmulator: startConformanceEmulator,
  createActuator: async (emulator) => {
    const settings = emulatorActuatorSettings(emulator);
    await prepareConformanceInfrastructure(settings);
    emulator.callLog.clear();
    return createAzureActuator(settings);
  },
  fixtures: azureConformanceFixtures,
  // create: NIC PUT, its operation polled, its final GET, VM PUT, OS disk tags PATCH. exists: one shared VM list.
  // delete: VM DELETE polled through Location, then DELETEs of NIC, public IP and OS disk that prove them gone.
  budget: { create: 7, exists: 1, delete: 9 },
  timeouts: { testMilliseconds: 60_000, settleMilliseconds: 10_000 },
  // Ten emulated minutes are three real seconds at speed 200: room for a create, an exists and a second create
  // (TLS handshakes included) to happen while the VM is still missing from lists.
  consistencyWindowMilliseconds: 600_000,
};
