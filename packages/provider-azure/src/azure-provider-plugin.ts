import type { ProviderPluginV1 } from '@slipway/core';
import { azureClusterProviderSpecSchema } from './azure-cluster-provider-spec.js';
import { createAzureActuator, type AzureActuatorSettings } from './create-azure-actuator.js';
import { azureMachineProviderSpecSchema } from './azure-machine-provider-spec.js';

/** What the CLI and the manager load when a manifest names this provider. */
export const azureProviderPlugin: ProviderPluginV1<AzureActuatorSettings> = {
  specificationVersion: 'v1',
  name: 'azure',
  description: 'Microsoft Azure',
  providerSpec: {
    apiGroups: ['azureprovider'],
    machineProviderSpec: azureMachineProviderSpecSchema,
    clusterProviderSpec: azureClusterProviderSpecSchema,
  },
  environmentVariables: [],
  createActuators: (settings) => createAzureActuator(settings),
};
