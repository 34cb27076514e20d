/** What the CLI and the manager load when a manifest names this provider. */
import type { ProviderPluginV1 } from '@slipway/core';
import { createGcpActuator } from './create-gcp-actuator.js';
import type { GcpActuatorSettings } from './settings/gcp-actuator-settings.js';
import { gcpEnvironmentVariables } from './settings/gcp-environment.js';
import { gcpClusterProviderSpecSchema } from './cluster/gcp-cluster-provider-spec.js';
import { gcpMachineApiGroups, gcpMachineProviderSpecSchema } from './machine/gcp-machine-provider-spec.js';
import { gcpClusterProviderStatusSchema, gcpMachineProviderStatusSchema } from './cluster/gcp-provider-status.js';

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
