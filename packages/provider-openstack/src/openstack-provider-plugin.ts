/** What the CLI and the manager load when a manifest names this provider. */
import type { ProviderPluginV1 } from '@slipway/core';
import { openStackClusterProviderSpecSchema } from './cluster/openstack-cluster-provider-spec.js';
import { createOpenStackActuator } from './create-openstack-actuator.js';
import { openStackMachineApiGroups, openStackMachineProviderSpecSchema } from './machine/openstack-machine-provider-spec.js';
import type { OpenStackActuatorSettings } from './settings/openstack-actuator-settings.js';
import { openStackEnvironmentVariables } from './settings/openstack-environment.js';

export const openStackProviderPlugin: ProviderPluginV1<OpenStackActuatorSettings> = {
  specificationVersion: 'v1',
  name: 'openstack',
  description: 'OpenStack (Keystone v3, Nova, Neutron, Octavia)',
  providerSpec: {
    apiGroups: openStackMachineApiGroups,
    machineProviderSpec: openStackMachineProviderSpecSchema,
    clusterProviderSpec: openStackClusterProviderSpecSchema,
  },
  environmentVariables: openStackEnvironmentVariables,
  createActuators: (settings) => createOpenStackActuator(settings),
};
