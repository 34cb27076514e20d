import type { ProviderPluginV1 } from '@slipway/core';
import { environmentVariablesOf } from '@slipway/provider-utils';
import { azureClusterProviderSpecSchema } from './azure-cluster-provider-spec.js';
import { azureMachineProviderSpecSchema } from './azure-machine-provider-spec.js';
import { azureEnvironmentSpecification, createAzureActuator, type AzureActuatorSettings } from './create-azure-actuator.js';

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
  environmentVariables: environmentVariablesOf(azureEnvironmentSpecification),
  createActuators: (settings) => createAzureActuator(settings),
};
