/**
 * The AWS provider against the conformance kit, exactly as an outside provider
 * author runs it: every group, on the EC2 emulator, through the real SDK.
 */
import { runActuatorConformance } from '@slipway/conformance';
import { describe, expect, it } from 'vitest';
import { awsConformanceOptions } from './test-support/aws-conformance-options.js';

runActuatorConformance(awsConformanceOptions);

describe('AWS conformance coverage', () => {
  it('skips nothing EC2 supports: every group runs and every capability is declared', async () => {
    expect(awsConformanceOptions.skip ?? []).toEqual([]);
    const emulator = await awsConformanceOptions.createEmulator();
    try {
      const actuators = await awsConformanceOptions.createActuator(emulator);
      try {
        const machine = 'machine' in actuators ? actuators.machine : actuators;
        expect(machine.capabilities).toEqual({ orphanListing: true, inPlaceUpdate: true });
      } finally {
        if ('close' in actuators) await actuators.close();
      }
    } finally {
      await emulator.stop();
    }
  });
});
