/**
 * The Metal provider against the conformance kit, exactly as an outside provider
 * author runs it: every group, on the Metal emulator, through the client
 * generated from the API's OpenAPI description; every request and answer of
 * the run is checked against that description.
 */
import { runActuatorConformance } from '@slipway/conformance';
import { afterAll, describe, expect, it } from 'vitest';
import { conformanceExchangeCheck, packetConformanceOptions } from './test-support/packet-conformance-options.js';

runActuatorConformance(packetConformanceOptions);

describe('Packet conformance coverage', () => {
  it('skips nothing the Metal API supports: every group runs and every capability is declared', async () => {
    expect(packetConformanceOptions.skip ?? []).toEqual([]);
    const emulator = await packetConformanceOptions.createEmulator();
    try {
      const actuators = await packetConformanceOptions.createActuator(emulator);
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

afterAll(async () => {
  const check = await conformanceExchangeCheck;
  // The run exercised the API: devices were created, listed, read and deleted.
  expect(Object.keys(check.checkedOperations())).toEqual(expect.arrayContaining(['createDevice', 'findProjectDevices', 'findDeviceById', 'deleteDevice']));
  expect(check.violations).toEqual([]);
});
