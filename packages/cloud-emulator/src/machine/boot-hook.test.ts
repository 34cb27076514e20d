import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorRuntime } from '../runtime/emulator-runtime.js';
import { createMachineSimulator } from './machine-simulator.js';

let workDirectory: string;
beforeEach(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), 'slipway-boot-hook-'));
});
afterEach(async () => {
  await rm(workDirectory, { recursive: true, force: true });
});

describe('the boot hook', () => {
  it('boots user data when an instance reaches running and shows the result through the side door', async () => {
    const runtime = createEmulatorRuntime({
      clock: { mode: 'manual', startAt: 0 },
      lifecycle: { bootDelayMilliseconds: 1_000 },
      machineSimulator: createMachineSimulator({ workDirectory }),
      bootEnvironment: (instance) => ({ GREETING: `hello ${instance.tags['name'] ?? ''}` }),
    });
    const instance = runtime.lifecycle.launch({ tags: { name: 'node-a' }, userData: Buffer.from('#!/bin/sh\necho "$GREETING"\n') });
    expect(runtime.inspect.boot(instance.id)).toBeUndefined();
    await runtime.clock.advance(1_000);
    expect(runtime.inspect.boot(instance.id)?.status).toBe('booting');
    const record = await runtime.bootHook!.finished(instance.id);
    expect(record.status).toBe('finished');
    expect(record.result?.exitCode).toBe(0);
    expect(record.result?.log).toContain('hello node-a');
    expect(runtime.inspect.boots()).toHaveLength(1);
    await runtime.dispose();
  });

  it('leaves instances without user data alone', async () => {
    const runtime = createEmulatorRuntime({
      clock: { mode: 'manual', startAt: 0 },
      lifecycle: { bootDelayMilliseconds: 10 },
      machineSimulator: createMachineSimulator({ workDirectory }),
    });
    runtime.lifecycle.launch({});
    await runtime.clock.advance(10);
    expect(runtime.inspect.boots()).toEqual([]);
    await runtime.dispose();
  });
});
