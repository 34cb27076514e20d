/**
 * The Azure provider against the conformance kit, exactly as an outside
 * provider author runs it: every group, on the Resource Manager emulator over
 * HTTPS, through the real SDKs.
 */
import { runActuatorConformance } from '@slipway/conformance';
import { describe, expect, it } from 'vitest';
import { azureConformanceOptions } from './test-support/azure-conformance-options.js';

runActuatorConformance(azureConformanceOptions);

describe('Azure conformance coverage', () => {
  it('skips no group: only in-place update, which Azure machines do not offer, shows as skipped', async () => {
    expect(azureConformanceOptions.skip ?? []).toEqual([]);
    const emulator = await azureConformanceOptions.createEmulator();
    try {
      const actuators = await azureConformanceOptions.createActuator(emulator);
      try {
        const machine = 'machine' in actuators ? actuators.machine : actuators;
        expect(machine.capabilities).toEqual({ orphanListing: true, inPlaceUpdate: false });
      } finally {
        if ('close' in actuators) await actuators.close();
      }
    } finally {
      await emulator.stop();
    }
  });
});
