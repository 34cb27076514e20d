/**
 * The live test's wiring (side door over Resource Manager, cluster set-up,
 * wrapped actuator) run against the emulator on every run, so the live test
 * is known to work before anyone spends money on it.
 */
import { runActuatorConformance } from '@slipway/conformance';
import { describe, expect, it } from 'vitest';
import { emulatorActuatorSettings, startConformanceEmulator } from './test-support/azure-conformance-options.js';
import { liveConformanceOptions } from './test-support/azure-live-conformance-options.js';

runActuatorConformance(
  liveConformanceOptions(
    {
      subscriptionId: '00000000-0000-4000-8000-000000000000',
      location: 'westeurope',
      resourceGroupName: 'slipway-rehearsal',
      vmSize: 'Standard_D2s_v5',
      prepare: async () => {
        const emulator = await startConformanceEmulator();
        return { actuatorSettings: emulatorActuatorSettings(emulator), onStop: () => emulator.stop() };
      },
    },
    { name: 'azure-live-rehearsal', budget: { create: 7, exists: 1, delete: 9 }, timeouts: { testMilliseconds: 60_000, settleMilliseconds: 10_000 } },
  ),
);

describe('the live wiring', () => {
  it('skips against real Azure only what a real cloud cannot show (customData is never returned), no ownership or deletion check', () => {
    const options = liveConformanceOptions({ subscriptionId: '00000000-0000-4000-8000-000000000000', location: 'westeurope', resourceGroupName: 'unused', vmSize: 'Standard_B2s' });
    expect(options.skip).toEqual(['user-data']);
    expect(options.name).toBe('azure-live');
  });
});
