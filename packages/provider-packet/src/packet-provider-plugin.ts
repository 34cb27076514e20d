/** What the CLI and the manager load when a manifest names this provider. */
import type { ProviderPluginV1 } from '@slipway/core';
import { z } from 'zod';
import { packetClusterProviderSpecSchema } from './cluster/packet-cluster-provider-spec.js';
import { createPacketActuator } from './create-packet-actuator.js';
import { packetMachineProviderConfigSchema } from './machine/packet-machine-provider-config.js';
import { packetApiGroups, packetMachineProviderSpecSchema } from './machine/packet-machine-provider-spec.js';
import type { PacketActuatorSettings } from './settings/packet-actuator-settings.js';
import { packetEnvironmentVariables } from './settings/packet-environment.js';

export const packetProviderPlugin: ProviderPluginV1<PacketActuatorSettings> = {
  specificationVersion: 'v1',
  name: 'packet',
  description: 'Packet / Metal API v1 bare-metal devices',
  providerSpec: {
    apiGroups: packetApiGroups,
    // Today's shape, or the 2018 one (PacketMachineProviderConfig), which the actuator maps.
    machineProviderSpec: z.union([packetMachineProviderSpecSchema, packetMachineProviderConfigSchema]),
    clusterProviderSpec: packetClusterProviderSpecSchema,
  },
  environmentVariables: packetEnvironmentVariables,
  createActuators: (settings) => createPacketActuator(settings),
};
