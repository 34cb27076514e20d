/**
 * A rehearsal of the live test: the same options (a side door reading the
 * project through the generated client, the provider built as users build it)
 * against the emulator, so the live wiring is proven on every run. Groups that
 * need fault injection are left to the emulator suite.
 */
import { runBasicsConformance, runIdempotencyConformance, runUserDataConformance } from '@slipway/conformance';
import { createEmulatorRuntime } from '@slipway/cloud-emulator';
import { startMetalEmulator } from '@slipway/cloud-emulator/packet';
import { liveConformanceOptions } from './packet-live-conformance-options.js';

const rehearsal = liveConformanceOptions(
  {
    baseUrl: 'set by prepare',
    token: 'set by prepare',
    projectId: 'set by prepare',
    metro: 'da',
    plan: 'c3.small.x86',
    operatingSystem: 'ubuntu_24_04',
    refreshIntervalMs: 100,
    prepare: async () => {
      const emulator = await startMetalEmulator({
        runtime: createEmulatorRuntime({ clock: { mode: 'scaled', speed: 200 }, lifecycle: { bootDelayMilliseconds: 5_000, terminationDelayMilliseconds: 5_000 } }),
      });
      return { baseUrl: emulator.baseUrl, token: emulator.token, projectId: emulator.projectId, actuatorSettings: { clock: emulator.clock }, onStop: () => emulator.stop() };
    },
  },
  { name: 'packet-live-rehearsal', timeouts: { testMilliseconds: 60_000, settleMilliseconds: 10_000 } },
);

runBasicsConformance(rehearsal);
runIdempotencyConformance(rehearsal);
runUserDataConformance(rehearsal);
