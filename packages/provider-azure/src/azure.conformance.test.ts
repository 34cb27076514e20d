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
      const actuator = await azureConformanceOptions.createActuator(emulator);
      expect(actuator.capabilities).toEqual({ orphanListing: true, inPlaceUpdate: false });
    } finally {
      await emulator.stop();
    }
  });
});
