import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import { TerminalError } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { azureProviderPlugin } from './azure-provider-plugin.js';
import { createAzureActuator } from './create-azure-actuator.js';
import { emulatorCredential } from './test-support/emulator-credential.js';
import { startConformanceEmulator } from './test-support/azure-conformance-options.js';
import { openAzureTestWorld } from './test-support/azure-test-world.js';

describe('createAzureActuator', () => {
  it('names the missing subscription and where it is read from', () => {
    let error: unknown;
    try {
      createAzureActuator({ credential: emulatorCredential, environment: {} });
    } catch (caught) {
      error = caught;
    }
    expect(TerminalError.isInstance(error) && error.reason).toBe('InvalidConfiguration');
    expect((error as Error).message).toMatch(/settings\.subscriptionId or set AZURE_SUBSCRIPTION_ID/);
  });

  it('takes the subscription from AZURE_SUBSCRIPTION_ID and refuses a negative poll interval', () => {
    expect(createAzureActuator({ credential: emulatorCredential, environment: { AZURE_SUBSCRIPTION_ID: 'sub-1' } }).machine.specificationVersion).toBe('v1');
    expect(() => createAzureActuator({ credential: emulatorCredential, subscriptionId: 's', pollIntervalMs: -1 })).toThrow(/pollIntervalMs must be 0 or more/);
  });

  it('is published as the azure plugin with its schemas and variables', () => {
    expect(azureProviderPlugin.name).toBe('azure');
    expect(azureProviderPlugin.providerSpec.apiGroups).toEqual(['azureprovider', 'azure.slipway.dev']);
    expect(azureProviderPlugin.environmentVariables).toEqual(expect.arrayContaining(['AZURE_SUBSCRIPTION_ID', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID']));
  });

  it('waits as long as a 429 asks before retrying, and counts it', async () => {
    // A real-time emulator clock: Retry-After 1 means one real second.
    const world = await openAzureTestWorld({ emulator: { clock: { speed: 1 }, networkOperationMilliseconds: 0 } });
    try {
      const cluster = world.cluster('patient', { location: 'westeurope', resourceGroup: { name: 'patient-rg' }, apiServerLoadBalancer: { enabled: false } });
      await world.actuators.cluster.reconcile({ cluster }, world.context);
      world.emulator.faults.throttleNext(1, { actions: ['Microsoft.Compute/virtualMachines/write'] });
      await world.actuators.machine.create({ cluster, machine: world.machine(cluster, 'worker-p'), bootstrapData: { userData: 'x' } }, world.context);
      const writes = world.emulator.callLog.entries().filter((entry) => entry.action === 'Microsoft.Compute/virtualMachines/write');
      expect(writes.map((entry) => entry.outcome)).toEqual(['throttled', 'ok']);
      expect(writes[1]!.at - writes[0]!.at).toBeGreaterThanOrEqual(1_000);
      expect(world.actuators.statistics().throttledAnswers).toBe(1);
      // Retried once by the provider's own policy (the SDK's is gone), and counted by the answer's status.
      expect(world.actuators.statistics().retriesByCode).toEqual({ '429': 1 });
      expect(world.actuators.statistics().callsByOperation['PUT virtualMachines']).toBe(2);
    } finally {
      await world.stop();
    }
  });

  it('puts its limiter, retries and counters into injected clients, removes their own retry policy, and leaves them open on close', async () => {
    const emulator = await startConformanceEmulator();
    try {
      const options = { endpoint: emulator.endpoint, tlsOptions: { ca: emulator.certificateAuthority } };
      const clients = {
        compute: new ComputeManagementClient(emulatorCredential, emulator.subscriptionId, options),
        network: new NetworkManagementClient(emulatorCredential, emulator.subscriptionId, options),
        resources: new ResourceManagementClient(emulatorCredential, emulator.subscriptionId, options),
      };
      expect(clients.resources.pipeline.getOrderedPolicies().map((policy) => policy.name)).toContain('defaultRetryPolicy');
      const actuators = createAzureActuator({ subscriptionId: emulator.subscriptionId, clients, clock: emulator.clock, retryBaseDelayMs: 20 });
      for (const client of Object.values(clients)) {
        const policies = client.pipeline.getOrderedPolicies().map((policy) => policy.name);
        expect(policies).not.toContain('defaultRetryPolicy');
        expect(policies.filter((name) => name === 'slipwayAzureApiClient')).toHaveLength(1);
      }
      emulator.faults.throttleNext(1, { actions: ['Microsoft.Resources/resourceGroups/write'] });
      await clients.resources.resourceGroups.createOrUpdate('injected-rg', { location: 'westeurope' });
      const statistics = actuators.statistics();
      // arm-resources writes the path in lower case; the label keeps what was sent.
      expect(statistics.callsByOperation).toEqual({ 'PUT resourcegroups': 2 });
      expect(statistics.retriesByCode).toEqual({ '429': 1 });
      await actuators.close();
      expect((await clients.resources.resourceGroups.get('injected-rg')).name).toBe('injected-rg');
    } finally {
      await emulator.stop();
    }
  });
});
