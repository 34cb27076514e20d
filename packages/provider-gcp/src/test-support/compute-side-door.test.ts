/**
 * A rehearsal of the live test: the same options (a side door reading the cloud
 * through the Compute API, the provider built as users build it) against the
 * emulator, so the live wiring is proven on every run. Groups that need fault
 * injection, and the API budget, are left to the emulator suite.
 */
import { runBasicsConformance, runUserDataConformance } from '@slipway/conformance';
import { createEmulatorRuntime } from '@slipway/cloud-emulator';
import { startGceEmulator } from '@slipway/cloud-emulator/gcp';
import { liveConformanceOptions } from './gcp-live-conformance-options.js';

const rehearsal = liveConformanceOptions(
  {
    project: 'slipway-emulated',
    zone: 'us-central1-b',
    machineType: 'e2-micro',
    refreshIntervalMs: 100,
    prepare: async () => {
      const emulator = await startGceEmulator({
        runtime: createEmulatorRuntime({ clock: { mode: 'scaled', speed: 200 }, lifecycle: { bootDelayMilliseconds: 5_000, terminationDelayMilliseconds: 5_000 } }),
      });
      return {
        clientOptions: { apiEndpoint: emulator.endpoint },
        actuatorSettings: { apiEndpoint: emulator.endpoint, clock: emulator.clock, environment: {} },
        onStop: () => emulator.stop(),
      };
    },
  },
  { name: 'gcp-live-rehearsal', budget: { create: 3, exists: 1, delete: 3 }, timeouts: { testMilliseconds: 60_000, settleMilliseconds: 10_000 } },
);

runBasicsConformance(rehearsal);
runUserDataConformance(rehearsal);
