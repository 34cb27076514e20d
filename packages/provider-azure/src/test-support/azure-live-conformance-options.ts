/**
 * Conformance options for a real Azure subscription: the cluster's resource
 * group and network are made once by the provider's cluster actuator, the side
 * door reads the group through Resource Manager, the actuator is the provider
 * as users build it. The live test uses them against Azure; a rehearsal test
 * uses them against the emulator, so the wiring is proven on every run.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { ActuatorConformanceOptions } from '@slipway/conformance';
import { clusterSchema, type ClockV1 } from '@slipway/core';
import { systemClock } from '@slipway/provider-utils';
import { createAzureSdkClients } from '../api/azure-sdk-clients.js';
import { createAzureActuator } from '../create-azure-actuator.js';
import type { AzureActuatorSettings } from '../settings/azure-actuator-settings.js';
import { lazyDefaultAzureCredential } from '../api/lazy-default-azure-credential.js';
import { azureConformanceFixtures } from './azure-conformance-options.js';
import { ResourceManagerSideDoor } from './resource-manager-side-door.js';

export interface LiveConformanceTarget {
  subscriptionId: string;
  location: string;
  resourceGroupName: string;
  vmSize: string;
  /** Default: DefaultAzureCredential, through the actuator's own fallback. */
  credential?: TokenCredential;
  /** Endpoint, trust and clock, for a rehearsal against the emulator. */
  actuatorSettings?: Partial<AzureActuatorSettings>;
  /** Runs after the side door's clean-up (stopping an emulator behind it). */
  onStop?: () => Promise<void>;
  /** Builds whatever the target needs first (an emulator); returns settings on top of the ones above. */
  prepare?: () => Promise<{ actuatorSettings: Partial<AzureActuatorSettings>; onStop: () => Promise<void> }>;
}

export function liveConformanceOptions(
  target: LiveConformanceTarget,
  overrides: Partial<Pick<ActuatorConformanceOptions<ResourceManagerSideDoor>, 'budget' | 'timeouts' | 'skip' | 'name'>> = {},
): ActuatorConformanceOptions<ResourceManagerSideDoor> {
  const clusterProviderSpec = {
    ...azureConformanceFixtures.clusterProviderSpec,
    location: target.location,
    resourceGroup: { name: target.resourceGroupName, mode: 'existing' },
  };
  const actuatorsBySideDoor = new WeakMap<ResourceManagerSideDoor, ReturnType<typeof createAzureActuator>>();
  return {
    name: overrides.name ?? 'azure-live',
    createEmulator: async () => {
      const prepared = target.prepare ? await target.prepare() : undefined;
      const settings: AzureActuatorSettings = {
        subscriptionId: target.subscriptionId,
        ...(target.credential ? { credential: target.credential } : {}),
        ...target.actuatorSettings,
        ...prepared?.actuatorSettings,
      };
      const actuators = createAzureActuator(settings);
      const clock: ClockV1 = settings.clock ?? systemClock;
      const silent = () => undefined;
      // The cluster's group and network, as the Cluster controller makes them before any Machine.
      await actuators.cluster.reconcile(
        {
          cluster: clusterSchema.parse({
            apiVersion: 'cluster.k8s.io/v1alpha1',
            kind: 'Cluster',
            metadata: { name: 'conformance-infrastructure', namespace: 'default' },
            spec: { providerSpec: { value: { ...clusterProviderSpec, resourceGroup: { name: target.resourceGroupName, mode: 'managed' } } } },
          }),
        },
        { signal: new AbortController().signal, clock, logger: { debug: silent, info: silent, warn: silent, error: silent } },
      );
      // Clients of its own, outside the provider's limiter and counters: the side door is not the provider under test.
      const sideDoorClients = createAzureSdkClients({
        subscriptionId: target.subscriptionId,
        credential: settings.credential ?? target.credential ?? lazyDefaultAzureCredential(),
        ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
        ...(settings.certificateAuthority !== undefined ? { certificateAuthority: settings.certificateAuthority } : {}),
      });
      const sideDoor = new ResourceManagerSideDoor({
        clients: sideDoorClients,
        resourceGroupName: target.resourceGroupName,
        requestCounts: () => actuators.statistics().callsByOperation,
        onStop: async () => {
          await (prepared?.onStop ?? target.onStop)?.();
        },
      });
      sideDoor.callLog.clear();
      await sideDoor.refresh();
      actuatorsBySideDoor.set(sideDoor, actuators);
      return sideDoor;
    },
    createActuator: (sideDoor) => sideDoor.wrap(actuatorsBySideDoor.get(sideDoor)!.machine),
    fixtures: {
      ...azureConformanceFixtures,
      clusterProviderSpec,
      machineProviderSpec: { ...azureConformanceFixtures.machineProviderSpec, vmSize: target.vmSize },
    },
    // A real VM delete is polled for a minute or more; create waits on its interface's operation.
    budget: overrides.budget ?? { create: 9, exists: 1, delete: 40 },
    timeouts: overrides.timeouts ?? { testMilliseconds: 15 * 60_000, settleMilliseconds: 5 * 60_000 },
    // customData is write-only (no API reads it back), so only the VM itself could tell.
    skip: overrides.skip ?? ['user-data'],
  };
}
