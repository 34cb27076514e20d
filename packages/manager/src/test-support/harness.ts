/** A manager on a fresh durable store and a fresh in-memory cloud, and a bounded way to wait for a condition. */
import type { ClockV1 } from '@slipway/core';
import type { BootstrapHook } from '../bootstrap-hook/bootstrap-hook.js';
import { createManager, type Manager } from '../manager/create-manager.js';
import type { ManualClock } from '../runtime/manual-clock.js';
import { openEmbeddedStore, type EmbeddedStore } from '../store/embedded-store.js';
import { temporaryDirectory } from './fixtures.js';
import { createInMemoryActuators, InMemoryCloud, type InMemoryCloudOptions } from './in-memory-cloud.js';

export interface Harness {
  store: EmbeddedStore;
  cloud: InMemoryCloud;
  manager: Manager;
  /** Waits (boundedly) until `check` holds, letting the manager work and, with a manual clock, moving time. */
  eventually(check: () => boolean | Promise<boolean>, description: string): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  clock?: ManualClock | ClockV1;
  bootstrapHook?: BootstrapHook;
  nodeName?: string;
  bootstrapTimeoutMs?: number;
  cloud?: InMemoryCloudOptions;
  /** With a manual clock: how far each waiting round moves it (default 10 ms). */
  stepMs?: number;
  /** Wraps the in-memory actuators (to observe or delay calls). */
  actuators?: (base: ReturnType<typeof createInMemoryActuators>) => ReturnType<typeof createInMemoryActuators>;
  /** Runs against the store and the cloud before the manager starts. */
  beforeStart?: (store: EmbeddedStore, cloud: InMemoryCloud) => Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const directory = temporaryDirectory();
  const store = openEmbeddedStore({ stateDirectory: directory.path, ...(options.clock ? { clock: options.clock } : {}) });
  const cloud = new InMemoryCloud(options.cloud);
  const base = createInMemoryActuators(cloud);
  await options.beforeStart?.(store, cloud);
  const manager = createManager({
    store,
    providers: options.actuators ? options.actuators(base) : base,
    logLevel: 'silent',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.bootstrapHook ? { bootstrapHook: options.bootstrapHook } : {}),
    ...(options.nodeName ? { nodeName: options.nodeName } : {}),
    ...(options.bootstrapTimeoutMs ? { bootstrapTimeoutMs: options.bootstrapTimeoutMs } : {}),
  });
  await manager.start();
  const manual = options.clock !== undefined && 'advance' in options.clock ? options.clock : undefined;
  return {
    store,
    cloud,
    manager,
    async eventually(check, description) {
      for (let round = 0; round < 1_500; round += 1) {
        await manager.waitForIdle();
        if (await check()) return;
        if (manual !== undefined) manual.advance(options.stepMs ?? 10);
        await new Promise((resolve) => setTimeout(resolve, manual === undefined ? 2 : 0));
      }
      throw new Error(`timed out waiting until ${description}`);
    },
    async stop() {
      await manager.stop();
      await store.close();
      directory.remove();
    },
  };
}
