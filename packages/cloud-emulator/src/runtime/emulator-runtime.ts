/**
 * Everything one emulated cloud is made of, wired together: the clock, the
 * resource store, the instance lifecycle, the fault switchboard, the call log,
 * the side door and (optionally) the boot hook to a machine simulator. A cloud
 * emulator creates one runtime and runs each request through `perform`, which
 * applies the faults around the request's work and logs it. The HTTP server and
 * the in-memory cloud both do exactly that.
 */
import { CallLog, type CallRecord } from '../call-log/call-log.js';
import { createEmulatorClock, type EmulatorClock, type EmulatorClockOptions } from '../clock/emulator-clock.js';
import { CloudFault } from '../faults/cloud-fault.js';
import { FaultSwitchboard, type ThrottlingPolicy } from '../faults/fault-switchboard.js';
import { LostReply } from '../faults/lost-reply.js';
import { InstanceLifecycle, type InstanceLifecycleOptions } from '../lifecycle/instance-lifecycle.js';
import { attachBootHook, type BootHook } from '../machine/boot-hook.js';
import type { MachineBooter } from '../machine/machine-boot-result.js';
import { ResourceStore } from '../store/resource-store.js';
import type { StoredResource } from '../store/stored-resource.js';
import { createEmulatorInspector, type EmulatorInspector } from './emulator-inspector.js';

export interface EmulatorRuntimeOptions {
  /** A clock to share, or the options of a new one (default: scaled, speed 1). */
  clock?: EmulatorClock | EmulatorClockOptions;
  /** The cloud's published request buckets, used by `faults.throttle(true)`. */
  throttlingPolicy?: ThrottlingPolicy;
  lifecycle?: Omit<InstanceLifecycleOptions, 'store' | 'clock'>;
  /** Boots an instance's user data when it reaches running. */
  machineSimulator?: MachineBooter;
  bootEnvironment?: (instance: StoredResource) => Record<string, string> | undefined;
}

export interface EmulatorRuntime {
  readonly clock: EmulatorClock;
  readonly store: ResourceStore;
  readonly lifecycle: InstanceLifecycle;
  readonly faults: FaultSwitchboard;
  readonly callLog: CallLog;
  readonly inspect: EmulatorInspector;
  readonly bootHook: BootHook | undefined;
  /**
   * Runs one request: logs it, applies the faults before the work (interruption,
   * latency, throttling, 5xx), runs `work`, then the faults after it
   * (interruption after work, lost reply). Rejects with a CloudFault (render it
   * in the cloud's shape) or a LostReply (send nothing back).
   */
  perform<T>(action: string, work: () => T | Promise<T>): Promise<T>;
  /** Stops timers and the boot hook; waits for boots in progress. */
  dispose(): Promise<void>;
}

const isClock = (value: EmulatorClock | EmulatorClockOptions | undefined): value is EmulatorClock =>
  value !== undefined && typeof (value as EmulatorClock).now === 'function';

function outcomeOf(error: unknown, record: CallRecord): void {
  if (LostReply.isInstance(error)) {
    record.outcome = 'lost-reply';
  } else if (CloudFault.isInstance(error)) {
    if (error.kind === 'throttling') record.outcome = 'throttled';
    else if (error.kind === 'server-error') record.outcome = 'server-error';
    else if (error.kind === 'quota') record.outcome = 'quota';
    else {
      record.outcome = 'error';
      record.errorCode = error.code ?? error.kind;
    }
  } else {
    record.outcome = 'error';
    record.errorCode = 'InternalEmulatorError';
  }
}

export function createEmulatorRuntime(options: EmulatorRuntimeOptions = {}): EmulatorRuntime {
  const ownsClock = !isClock(options.clock);
  const clock = isClock(options.clock) ? options.clock : createEmulatorClock(options.clock);
  const faults = new FaultSwitchboard({ clock, ...(options.throttlingPolicy ? { throttlingPolicy: options.throttlingPolicy } : {}) });
  const store = new ResourceStore({ clock, faults });
  const lifecycle = new InstanceLifecycle({ ...options.lifecycle, store, clock });
  const callLog = new CallLog();
  const bootHook =
    options.machineSimulator === undefined
      ? undefined
      : attachBootHook({
          lifecycle,
          simulator: options.machineSimulator,
          ...(options.bootEnvironment ? { environmentFor: options.bootEnvironment } : {}),
        });
  const inspect = createEmulatorInspector({ store, callLog, ...(bootHook ? { bootHook } : {}) });

  const perform = async <T>(action: string, work: () => T | Promise<T>): Promise<T> => {
    const record = callLog.record(action, clock.now());
    try {
      const { interruptAfterWork } = await faults.beforeWork(action);
      const { result, createdKinds } = await store.trackCreations(async () => work());
      faults.afterWork(action, { interruptAfterWork, createdKinds });
      record.outcome = 'ok';
      return result;
    } catch (error) {
      outcomeOf(error, record);
      throw error;
    }
  };

  return {
    clock,
    store,
    lifecycle,
    faults,
    callLog,
    inspect,
    bootHook,
    perform,
    dispose: async () => {
      bootHook?.detach();
      lifecycle.dispose();
      await bootHook?.idle();
      // A shared clock belongs to whoever passed it in.
      if (ownsClock) clock.dispose();
    },
  };
}
