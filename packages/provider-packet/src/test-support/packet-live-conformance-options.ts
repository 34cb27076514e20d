/**
 * Conformance options for a real Metal API endpoint: the side door reads the
 * project through the generated client, the actuator is the provider as users
 * build it. The live test uses them with credentials; a rehearsal runs them
 * against the emulator, so the wiring is proven on every run.
 */
import type { ActuatorConformanceOptions } from '@slipway/conformance';
import { createPacketSdkClients } from '../api/packet-sdk-clients.js';
import { createPacketActuator } from '../create-packet-actuator.js';
import type { PacketActuatorSettings } from '../settings/packet-actuator-settings.js';
import { MetalSideDoor } from './metal-side-door.js';
import { packetConformanceFixtures } from './packet-conformance-options.js';

export interface LiveConformanceTarget {
  baseUrl: string;
  token: string;
  projectId: string;
  metro: string;
  plan: string;
  operatingSystem: string;
  /** Settings of the actuator under test, on top of the target's. */
  actuatorSettings?: PacketActuatorSettings;
  refreshIntervalMs?: number;
  /** Builds whatever the side door needs first (an emulator); returns the target's endpoint and credentials. */
  prepare?: () => Promise<{ baseUrl: string; token: string; projectId: string; actuatorSettings: PacketActuatorSettings; onStop: () => Promise<void> }>;
}

export function liveConformanceOptions(
  target: LiveConformanceTarget,
  overrides: Partial<Pick<ActuatorConformanceOptions<MetalSideDoor>, 'budget' | 'timeouts' | 'skip' | 'name'>> = {},
): ActuatorConformanceOptions<MetalSideDoor> {
  const settingsBySideDoor = new WeakMap<MetalSideDoor, PacketActuatorSettings>();
  return {
    name: overrides.name ?? 'packet-live',
    createEmulator: async () => {
      const prepared = target.prepare ? await target.prepare() : undefined;
      const endpoint = { baseUrl: prepared?.baseUrl ?? target.baseUrl, token: prepared?.token ?? target.token, projectId: prepared?.projectId ?? target.projectId };
      const sideDoor = new MetalSideDoor({
        metal: createPacketSdkClients(endpoint).metal,
        projectId: endpoint.projectId,
        clusterTagPrefix: 'conformance-',
        ...(target.refreshIntervalMs !== undefined ? { refreshIntervalMs: target.refreshIntervalMs } : {}),
        ...(prepared ? { onStop: prepared.onStop } : {}),
      });
      settingsBySideDoor.set(sideDoor, { ...endpoint, environment: {}, ...target.actuatorSettings, ...prepared?.actuatorSettings });
      return sideDoor;
    },
    createActuator: (sideDoor) => sideDoor.attach(createPacketActuator(settingsBySideDoor.get(sideDoor))),
    fixtures: {
      ...packetConformanceFixtures,
      machineProviderSpec: { ...packetConformanceFixtures.machineProviderSpec, metro: target.metro, plan: target.plan, operatingSystem: target.operatingSystem },
    },
    // Real hardware provisions for minutes, and delete is called until it says gone.
    budget: overrides.budget ?? { create: 3, exists: 1, delete: 2 },
    timeouts: overrides.timeouts ?? { testMilliseconds: 30 * 60_000, settleMilliseconds: 20 * 60_000 },
    ...(overrides.skip ? { skip: overrides.skip } : {}),
  };
}
