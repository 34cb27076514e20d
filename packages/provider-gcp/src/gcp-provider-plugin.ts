/** What the CLI and the manager load when a manifest names this provider. */
import type { ProviderPluginV1 } from '@slipway/core';
import { createGcpActuator, gcpEnvironmentVariables, type GcpActuatorSettings } from './create-gcp-actuator.js';
import { gcpClusterProviderSpecSchema } from './gcp-cluster-provider-spec.js';
import { gcpMachineApiGroups, gcpMachineProviderSpecSchema } from './gcp-machine-provider-spec.js';
import { gcpClusterProviderStatusSchema, gcpMachineProviderStatusSchema } from './gcp-provider-status.js';

export const gcpProviderPlugin: ProviderPluginV1<GcpActuatorSettings> = {
  specificationVersion: 'v1',
  name: 'gcp',
  description: 'Google Compute Engine',
  providerSpec: {
    apiGroups: gcpMachineApiGroups,
    machineProviderSpec: gcpMachineProviderSpecSchema,
    clusterProviderSpec: gcpClusterProviderSpecSchema,
    machineProviderStatus: gcpMachineProviderStatusSchema,
    clusterProviderStatus: gcpClusterProviderStatusSchema,
  },
  environmentVariables: gcpEnvironmentVariables,
  createActuators: (settings) => createGcpActuator(settings),
};
