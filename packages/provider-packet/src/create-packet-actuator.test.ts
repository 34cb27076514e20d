import { TerminalError } from '@slipway/core';
import { startMetalEmulator } from '@slipway/cloud-emulator/packet';
import { afterEach, describe, expect, it } from 'vitest';
import { createPacketActuator } from './create-packet-actuator.js';
import { clusterFixture, machineFixture, startPacketTestBed, userData, type PacketTestBed } from './test-support/packet-test-fixtures.js';

let bed: PacketTestBed | undefined;

afterEach(async () => {
  await bed?.stop();
  expect(bed?.check.violations ?? []).toEqual([]);
  bed = undefined;
});

const context = { signal: new AbortController().signal, logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }, clock: { now: () => Date.now(), sleep: async () => {} } };

describe('createPacketActuator', () => {
  it('reads the token from METAL_AUTH_TOKEN (or PACKET_API_KEY), the project from METAL_PROJECT_ID and the base URL from METAL_API_URL', async () => {
    const emulator = await startMetalEmulator();
    try {
      for (const tokenVariable of ['METAL_AUTH_TOKEN', 'PACKET_API_KEY']) {
        const actuators = createPacketActuator({ environment: { [tokenVariable]: emulator.token, METAL_PROJECT_ID: emulator.projectId, METAL_API_URL: emulator.baseUrl } });
        const found = await actuators.machine.exists({ cluster: clusterFixture(), machine: machineFixture('web-1') }, context);
        expect(found).toEqual({ exists: false });
        expect(actuators.statistics().callsByOperation).toEqual({ findProjectDevices: 1 });
        await actuators.close();
      }
    } finally {
      await emulator.stop();
    }
  });

  it('has no built-in endpoint: without METAL_API_URL (or a token) the factory refuses, naming the setting and the variable', () => {
    const noEndpoint = (() => createPacketActuator({ environment: { METAL_AUTH_TOKEN: 'token' } })) as () => unknown;
    expect(noEndpoint).toThrow(/settings\.baseUrl is missing: set METAL_API_URL/);
    expect(() => createPacketActuator({ environment: { METAL_API_URL: 'http://127.0.0.1:1/metal/v1' } })).toThrow(/settings\.token is missing: set METAL_AUTH_TOKEN/);
    const error = (() => {
      try {
        createPacketActuator({ environment: {} });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(TerminalError.isInstance(error) && error.reason).toBe('InvalidConfiguration');
  });

  it('a token the API refuses is a terminal InvalidConfiguration naming the variables', async () => {
    const emulator = await startMetalEmulator();
    try {
      const actuators = createPacketActuator({ baseUrl: emulator.baseUrl, token: 'not-the-token', projectId: emulator.projectId, environment: {} });
      const error = await actuators.machine.exists({ cluster: clusterFixture(), machine: machineFixture('web-1') }, context).catch((caught: unknown) => caught);
      expect(TerminalError.isInstance(error) && error.reason).toBe('InvalidConfiguration');
      expect((error as Error).message).toContain('METAL_AUTH_TOKEN');
    } finally {
      await emulator.stop();
    }
  });

  it('retries 429 answers after their Retry-After and 5xx answers within the budget, and counts them', async () => {
    bed = await startPacketTestBed({ settings: { maxAttempts: 4 } });
    bed.emulator.faults.throttleNext(2);
    const created = await bed.actuators.machine.create({ cluster: clusterFixture(), machine: machineFixture('web-1'), bootstrapData: { userData } }, bed.context);
    expect(created.instanceState).toBe('pending');
    bed.emulator.faults.serverErrors({ next: 3 });
    await bed.actuators.machine.exists({ cluster: clusterFixture(), machine: machineFixture('web-1') }, bed.context);
    const statistics = bed.actuators.statistics();
    expect(statistics.throttledAnswers).toBe(2);
    expect(statistics.retriesByCode).toEqual({ TooManyRequests: 2, http503: 3 });
    // 4 attempts are the budget: a fourth 5xx in a row surfaces as a retryable error.
    bed.emulator.faults.serverErrors({ next: 4 });
    const error = await bed.actuators.machine.update({ cluster: clusterFixture(), machine: machineFixture('web-1', { providerID: created.providerID }) }, bed.context).catch((caught: unknown) => caught);
    expect((error as { isRetryable?: boolean }).isRetryable).toBe(true);
  });

  it('close refuses further calls', async () => {
    bed = await startPacketTestBed();
    await bed.actuators.close();
    await bed.actuators.close();
    const error = await bed.actuators.machine.exists({ cluster: clusterFixture(), machine: machineFixture('web-1') }, bed.context).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(error)).toBe(true);
    expect(bed.emulator.callLog.count()).toBe(0);
  });
});
