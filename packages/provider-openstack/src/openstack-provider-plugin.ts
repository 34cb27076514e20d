/** What the CLI and the manager load when a manifest names this provider. */
import type { ProviderPluginV1 } from '@slipway/core';
import { createOpenStackActuator } from './create-openstack-actuator.js';
import { openStackMachineApiGroups } from './machine/openstack-machine-provider-spec.js';
import { openStackClusterProviderSpecInputSchema, openStackMachineProviderSpecInputSchema } from './parse-openstack-provider-spec.js';
import type { OpenStackActuatorSettings } from './settings/openstack-actuator-settings.js';
import { openStackEnvironmentVariables } from './settings/openstack-environment.js';

export const openStackProviderPlugin: ProviderPluginV1<OpenStackActuatorSettings> = {
  specificationVersion: 'v1',
  name: 'openstack',
  description: 'OpenStack (Keystone v3, Nova, Neutron, Octavia)',
  providerSpec: {
    apiGroups: openStackMachineApiGroups,
    // Both shapes: openstackprovider/v1alpha1 and the 2018 openstackproviderconfig/v1alpha1, mapped.
    machineProviderSpec: openStackMachineProviderSpecInputSchema,
    clusterProviderSpec: openStackClusterProviderSpecInputSchema,
  },
  environmentVariables: openStackEnvironmentVariables,
  createActuators: (settings) => createOpenStackActuator(settings),
};
