/**
 * Conformance options for a real Compute Engine project: the side door reads
 * the project through the API, the actuator is the provider as users build it.
 * The live test uses them against Google; a rehearsal test uses them against the
 * emulator, so the wiring is proven on every run, credentials or not.
 */
import type { ActuatorConformanceOptions } from '@slipway/conformance';
import { createGcpActuator } from '../create-gcp-actuator.js';
import type { GcpActuatorSettings } from '../settings/gcp-actuator-settings.js';
import { createGcpSdkClients, type GcpClientOptions } from '../api/gcp-sdk-clients.js';
import { ComputeSideDoor } from './compute-side-door.js';
import { gcpConformanceFixtures } from './gcp-conformance-options.js';

export interface LiveConformanceTarget {
  project: string;
  zone: string;
  machineType: string;
  /** Endpoint and auth for the side door's own clients; default the public API with Application Default Credentials. */
  clientOptions?: GcpClientOptions;
  /** Settings of the actuator under test, on top of the project. */
  actuatorSettings?: GcpActuatorSettings;
  /** Runs when a side door stops (an emulator behind it). */
  onStop?: () => Promise<void>;
  /** How often the side door rereads the cloud in the background, real milliseconds; default 2 000. */
  refreshIntervalMs?: number;
  /** Builds whatever the side door needs first (an emulator); returns the options to use. */
  prepare?: () => Promise<{ clientOptions: GcpClientOptions; actuatorSettings: GcpActuatorSettings; onStop: () => Promise<void> }>;
}

export function liveConformanceOptions(
  target: LiveConformanceTarget,
  overrides: Partial<Pick<ActuatorConformanceOptions<ComputeSideDoor>, 'budget' | 'timeouts' | 'skip' | 'name'>> = {},
): ActuatorConformanceOptions<ComputeSideDoor> {
  const settingsBySideDoor = new WeakMap<ComputeSideDoor, GcpActuatorSettings>();
  return {
    name: overrides.name ?? 'gcp-live',
    createEmulator: async () => {
      const prepared = target.prepare ? await target.prepare() : undefined;
      const clientOptions = prepared?.clientOptions ?? target.clientOptions ?? {};
      const clients = createGcpSdkClients({ projectId: target.project, ...clientOptions });
      const sideDoor = new ComputeSideDoor({
        clients,
        project: target.project,
        zone: target.zone,
        clusterLabelPrefix: 'conformance-',
        ...(target.refreshIntervalMs !== undefined ? { refreshIntervalMs: target.refreshIntervalMs } : {}),
        onStop: async () => {
          await clients.close();
          await (prepared?.onStop ?? target.onStop)?.();
        },
      });
      settingsBySideDoor.set(sideDoor, { ...target.actuatorSettings, ...prepared?.actuatorSettings });
      return sideDoor;
    },
    createActuator: (sideDoor) => {
      const actuators = createGcpActuator({ projectId: target.project, ...settingsBySideDoor.get(sideDoor) });
      sideDoor.attach(actuators.api);
      return sideDoor.wrap(actuators.machine);
    },
    fixtures: {
      ...gcpConformanceFixtures,
      machineProviderSpec: { ...gcpConformanceFixtures.machineProviderSpec, zone: target.zone, machineType: target.machineType },
    },
    // A real delete operation can outlast one two-minute wait, and delete is called until it says gone.
    budget: overrides.budget ?? { create: 4, exists: 1, delete: 8 },
    timeouts: overrides.timeouts ?? { testMilliseconds: 15 * 60_000, settleMilliseconds: 5 * 60_000 },
    ...(overrides.skip ? { skip: overrides.skip } : {}),
  };
}
