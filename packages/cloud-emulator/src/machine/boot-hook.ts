/**
 * Connects an emulated cloud to a machine simulator: when an instance with user
 * data reaches `running`, its user data is booted asynchronously and the outcome
 * is kept for the side door (`inspect.boot(instanceId)`), the way a real
 * instance runs cloud-init after it starts.
 */
import type { InstanceLifecycle } from '../lifecycle/instance-lifecycle.js';
import type { StoredResource } from '../store/stored-resource.js';
import type { MachineBootResult, MachineBooter } from './machine-boot-result.js';

export interface BootRecord {
  instanceId: string;
  status: 'booting' | 'finished' | 'crashed';
  /** Present once finished. */
  result?: MachineBootResult;
  /** Present when the simulator itself failed (not the user data). */
  error?: string;
}

export interface BootHookOptions {
  lifecycle: InstanceLifecycle;
  simulator: MachineBooter;
  /** Extra environment per instance (the node-authorization URL, a simulated failure...). */
  environmentFor?: (instance: StoredResource) => Record<string, string> | undefined;
}

export interface BootHook {
  record(instanceId: string): BootRecord | undefined;
  records(): BootRecord[];
  /** Resolves when the instance's boot has finished (or crashed). */
  finished(instanceId: string): Promise<BootRecord>;
  /** Stops booting new instances; boots in progress finish. */
  detach(): void;
  /** Resolves when every boot in progress has finished. */
  idle(): Promise<void>;
}

export function attachBootHook(options: BootHookOptions): BootHook {
  const records = new Map<string, BootRecord>();
  const running = new Map<string, Promise<BootRecord>>();
  const waiters = new Map<string, Array<(record: BootRecord) => void>>();

  const settle = (record: BootRecord): void => {
    for (const resolve of waiters.get(record.instanceId) ?? []) resolve({ ...record });
    waiters.delete(record.instanceId);
  };

  const stopListening = options.lifecycle.onTransition((instance, _from, to) => {
    // Only the first boot runs user data, as cloud-init does on a real instance.
    if (to !== 'running' || instance.userData === undefined || records.has(instance.id)) return;
    const record: BootRecord = { instanceId: instance.id, status: 'booting' };
    records.set(instance.id, record);
    const environment = options.environmentFor?.(instance);
    const boot = options.simulator
      .boot({ instanceId: instance.id, userData: instance.userData, ...(environment ? { environment } : {}) })
      .then(
        (result) => {
          record.status = 'finished';
          record.result = result;
          return record;
        },
        (error: unknown) => {
          record.status = 'crashed';
          record.error = error instanceof Error ? error.message : String(error);
          return record;
        },
      )
      .then((finished) => {
        running.delete(instance.id);
        settle(finished);
        return finished;
      });
    running.set(instance.id, boot);
  });

  return {
    record: (instanceId) => {
      const record = records.get(instanceId);
      return record === undefined ? undefined : { ...record };
    },
    records: () => [...records.values()].map((record) => ({ ...record })),
    finished: (instanceId) => {
      const record = records.get(instanceId);
      if (record !== undefined && record.status !== 'booting') return Promise.resolve({ ...record });
      return new Promise((resolve) => {
        waiters.set(instanceId, [...(waiters.get(instanceId) ?? []), resolve]);
      });
    },
    detach: stopListening,
    idle: async () => {
      await Promise.all(running.values());
    },
  };
}
