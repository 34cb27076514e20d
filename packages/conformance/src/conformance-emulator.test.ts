// The emulator handles of @slipway/cloud-emulator fit the kit's ConformanceEmulator as they are, and their faults
// work through it (the kit only ever reaches an emulator through this interface).
import { createEmulatorRuntime, createInMemoryCloud, emulatorHandle, startHttpEmulator, CloudFault } from '@slipway/cloud-emulator';
import { describe, expect, it } from 'vitest';
import type { ConformanceEmulator } from './conformance-emulator.js';

describe('ConformanceEmulator', () => {
  it('is satisfied by an HTTP emulator handle, whose faults act on the wire', async () => {
    const runtime = createEmulatorRuntime({ clock: { mode: 'manual' } });
    const server = await startHttpEmulator({
      runtime,
      service: {
        actionOf: () => 'Ping',
        handle: () => ({ status: 200, body: 'pong' }),
        renderError: (fault: CloudFault) => ({ status: fault.kind === 'throttling' ? 429 : 500, body: fault.kind }),
      },
    });
    const emulator: ConformanceEmulator = emulatorHandle(runtime, server);
    try {
      emulator.faults.throttleNext?.(1);
      expect((await fetch(server.endpoint)).status).toBe(429);
      expect((await fetch(server.endpoint)).status).toBe(200);
      expect(emulator.callLog.countByOutcome('throttled')).toBe(1);
      expect(emulator.callLog.countsByAction()).toEqual({ Ping: 2 });
    } finally {
      await emulator.stop();
    }
  });

  it('is satisfied by the in-memory cloud', async () => {
    const cloud = createInMemoryCloud({ clock: { mode: 'manual' } });
    const emulator: ConformanceEmulator = cloud;
    await cloud.client.runInstance({ clientToken: 't', instanceType: 'small', image: 'img', tags: { a: 'b' } });
    expect(emulator.inspect.instances({ tags: { a: 'b' } }).map((instance) => instance.state)).toEqual(['pending']);
    await emulator.stop();
  });
});
