import type { ProviderPluginV1 } from '@slipway/core';
import { azureClusterProviderSpecSchema } from './cluster/azure-cluster-provider-spec.js';
import { azureMachineProviderSpecSchema } from './machine/azure-machine-provider-spec.js';
import { createAzureActuator } from './create-azure-actuator.js';
import type { AzureActuatorSettings } from './settings/azure-actuator-settings.js';
import { azureEnvironmentVariables } from './settings/azure-environment.js';

/** What the CLI and the manager load when a manifest names this provider. */
export const azureProviderPlugin: ProviderPluginV1<AzureActuatorSettings> = {
  specificationVersion: 'v1',
  name: 'azure',
  description: 'Microsoft Azure: virtual machines, virtual networks and a load balancer through Azure Resource Manager',
  providerSpec: {
    apiGroups: ['azureprovider', 'azure.slipway.dev'],
    machineProviderSpec: azureMachineProviderSpecSchema,
    clusterProviderSpec: azureClusterProviderSpecSchema,
  },
  environmentVariables: azureEnvironmentVariables,
  createActuators: (settings) => createAzureActuator(settings),
};
