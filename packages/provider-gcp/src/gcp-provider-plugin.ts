import type { ProviderPluginV1 } from '@slipway/core';
import { gcpClusterProviderSpecSchema } from './gcp-cluster-provider-spec.js';
import { createGcpActuator, type GcpActuatorSettings } from './create-gcp-actuator.js';
import { gcpMachineProviderSpecSchema } from './gcp-machine-provider-spec.js';

/** What the CLI and the manager load when a manifest names this provider. */
export const gcpProviderPlugin: ProviderPluginV1<GcpActuatorSettings> = {
  specificationVersion: 'v1',
  name: 'gcp',
  description: 'Google Compute Engine',
  providerSpec: {
    apiGroups: ['gcpprovider'],
    machineProviderSpec: gcpMachineProviderSpecSchema,
    clusterProviderSpec: gcpClusterProviderSpecSchema,
  },
  environmentVariables: [],
  createActuators: (settings) => createGcpActuator(settings),
};
