/**
 * One test's world: a fresh emulator, a fresh actuator, a Cluster and a Machine
 * with a new UID, and helpers that behave like the Machine controller (the
 * providerID is recorded as soon as create returns) or read the cloud through
 * the side door. Checks use nothing else.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  clusterSchema,
  machineSchema,
  type ActuatorContextV1,
  type ClockV1,
  type Cluster,
  type LoggerV1,
  type Machine,
  type MachineActuatorCapabilitiesV1,
  type MachineActuatorResultV1,
  type MachineActuatorV1,
  type MachineDeleteResultV1,
  type MachineExistsResultV1,
  type ProviderActuatorsV1,
} from '@slipway/core';
import type { ConformanceEmulator, ConformanceFaults, ConformanceResourceView } from '../conformance-emulator.js';
import type { ActuatorConformanceOptions } from '../conformance-options.js';
import { UnsupportedCapability } from './unsupported-capability.js';

/** States of an instance that is gone or irrevocably going. */
export const goingInstanceStates: ReadonlySet<string> = new Set(['terminating', 'terminated', 'deleted']);

/** Default user data: non-ASCII text, shell metacharacters, a long line, no trailing surprises. */
export const defaultConformanceUserData = `#cloud-config
# Slipway conformance: delivered byte for byte. Grüße, こんにちは, ✓
write_files:
  - path: /etc/slipway/conformance
    permissions: '0644'
    content: |
      quotes ' " \` $HOME $(echo no) \\n %s
      ${'long-line-'.repeat(60)}end
runcmd:
  - [sh, -c, 'echo "conformance boot $SLIPWAY_ROOT"']
`;

const systemClock: ClockV1 = {
  now: () => Date.now(),
  sleep: (milliseconds, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, milliseconds);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface ConformanceHarness<Emulator extends ConformanceEmulator = ConformanceEmulator> {
  readonly options: ActuatorConformanceOptions<Emulator>;
  readonly emulator: Emulator;
  readonly actuator: MachineActuatorV1;
  readonly cluster: Cluster;
  /** The Machine as the controller holds it; `spec.providerID` is set once create returns. */
  machine: Machine;
  readonly userData: string;
  /** What the actuator logged, for failure messages. */
  readonly logLines: string[];
  context(signal?: AbortSignal): ActuatorContextV1;
  /** Calls create and, like the controller, records the providerID on the Machine. */
  create(signal?: AbortSignal): Promise<MachineActuatorResultV1>;
  exists(): Promise<MachineExistsResultV1>;
  update(): Promise<MachineActuatorResultV1>;
  delete(): Promise<MachineDeleteResultV1>;
  /** Calls delete until it answers gone (bounded), waiting what it asks between calls; returns the number of calls. */
  deleteUntilGone(): Promise<number>;
  /** Instances carrying this Machine's UID that are not gone or going. */
  liveMachineInstances(): ConformanceResourceView[];
  /** Every resource the cloud holds that is not gone (and instances not going). */
  liveResources(): ConformanceResourceView[];
  /** Live resources counted by kind. */
  liveResourceCounts(): Record<string, number>;
  /** Lets `milliseconds` of emulated time pass (advancing a manual emulator clock). */
  pause(milliseconds: number): Promise<void>;
  /** Polls the side door until `predicate` holds, advancing a manual emulator clock; fails after the settle timeout. */
  waitUntil(description: string, predicate: () => boolean): Promise<void>;
  /** Skips the check (visibly) unless the actuator declares the capability. */
  requireCapability(name: keyof MachineActuatorCapabilitiesV1): void;
  /** Skips the check (visibly) unless the emulator offers the fault; returns the switchboard. */
  requireFault<Name extends keyof Omit<ConformanceFaults, 'reset'>>(name: Name): Required<Pick<ConformanceFaults, Name>> & ConformanceFaults;
  close(): Promise<void>;
}

const randomSuffix = (): string => randomBytes(3).toString('hex');

export function isLive(resource: ConformanceResourceView): boolean {
  return resource.kind === 'instance' ? !goingInstanceStates.has(resource.state) : resource.state !== 'deleted';
}

/**
 * Resources carrying the cluster's name but not the Machine's UID belong to the
 * cluster (a shared security group made on first use); the cluster actuator
 * deletes them, so machine deletion checks leave them out.
 */
export function isClusterScoped(resource: ConformanceResourceView, cluster: Cluster, machine: Machine): boolean {
  return carriesTagValues(resource, [cluster.metadata.name!]) && !carriesTagValues(resource, [machine.metadata.uid!]);
}

/** True when a resource's tag values include every one of `values` (tag keys differ between clouds; values do not). */
export function carriesTagValues(resource: ConformanceResourceView, values: readonly string[]): boolean {
  const present = new Set(Object.values(resource.tags));
  return values.every((value) => present.has(value));
}

/** A factory's whole result carries `machine` and `close`; a Machine actuator alone carries `create`. */
function isProviderActuators(created: ProviderActuatorsV1 | MachineActuatorV1): created is ProviderActuatorsV1 {
  return 'machine' in created && typeof (created as ProviderActuatorsV1).close === 'function';
}

export async function openConformanceHarness<Emulator extends ConformanceEmulator>(
  options: ActuatorConformanceOptions<Emulator>,
): Promise<ConformanceHarness<Emulator>> {
  const emulator = await options.createEmulator();
  let actuator: MachineActuatorV1;
  let providerActuators: ProviderActuatorsV1 | undefined;
  try {
    const created = await options.createActuator(emulator);
    if (isProviderActuators(created)) {
      providerActuators = created;
      actuator = created.machine;
    } else {
      actuator = created;
    }
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  const settleMilliseconds = options.timeouts?.settleMilliseconds ?? 20_000;
  const suffix = randomSuffix();
  const clusterName = `conformance-${suffix}`;
  const cluster = clusterSchema.parse({
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name: clusterName, namespace: 'default', uid: randomUUID() },
    spec: options.fixtures.clusterProviderSpec ? { providerSpec: { value: options.fixtures.clusterProviderSpec } } : {},
  });
  const machine = machineSchema.parse({
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Machine',
    metadata: {
      name: `${clusterName}-worker-${randomSuffix()}`,
      namespace: 'default',
      uid: randomUUID(),
      labels: { 'cluster.k8s.io/cluster-name': clusterName },
    },
    spec: {
      providerSpec: { value: structuredClone(options.fixtures.machineProviderSpec) },
      versions: { kubelet: options.fixtures.kubernetesVersion ?? '1.30.0' },
    },
  });
  const userData = options.fixtures.userData ?? defaultConformanceUserData;
  const logLines: string[] = [];
  const logger: LoggerV1 = {
    debug: (message, fields) => logLines.push(`debug ${message} ${fields ? JSON.stringify(fields) : ''}`),
    info: (message, fields) => logLines.push(`info ${message} ${fields ? JSON.stringify(fields) : ''}`),
    warn: (message, fields) => logLines.push(`warn ${message} ${fields ? JSON.stringify(fields) : ''}`),
    error: (message, fields) => logLines.push(`error ${message} ${fields ? JSON.stringify(fields) : ''}`),
  };
  const emulatorClock = emulator.clock;
  const manual = emulatorClock?.mode === 'manual' && typeof emulatorClock.advance === 'function';
  // On a manual emulator clock nobody else moves time: an actuator that sleeps (backoff) moves it instead.
  const clock: ClockV1 =
    emulatorClock === undefined
      ? systemClock
      : manual
        ? {
            now: () => emulatorClock.now(),
            sleep: async (milliseconds, signal) => {
              signal?.throwIfAborted();
              await emulatorClock.advance!(milliseconds);
              signal?.throwIfAborted();
            },
          }
        : emulatorClock;
  let closed: Promise<void> | undefined;

  const harness: ConformanceHarness<Emulator> = {
    options,
    emulator,
    actuator,
    cluster,
    machine,
    userData,
    logLines,
    context: (signal) => ({ signal: signal ?? new AbortController().signal, logger, clock }),
    create: async (signal) => {
      const result = await actuator.create(
        { cluster, machine: harness.machine, bootstrapData: { userData } },
        harness.context(signal),
      );
      harness.machine = { ...harness.machine, spec: { ...harness.machine.spec, providerID: result.providerID } };
      return result;
    },
    exists: () => actuator.exists({ cluster, machine: harness.machine }, harness.context()),
    update: () => actuator.update({ cluster, machine: harness.machine }, harness.context()),
    delete: () => actuator.delete({ cluster, machine: harness.machine }, harness.context()),
    deleteUntilGone: async () => {
      for (let call = 1; call <= 30; call += 1) {
        const result = await harness.delete();
        if (result.gone) return call;
        await harness.pause(Math.min(result.requeueAfterMs ?? 1_000, 10_000));
      }
      throw new Error('delete did not answer gone after 30 calls');
    },
    liveMachineInstances: () =>
      emulator.inspect.instances().filter((instance) => isLive(instance) && carriesTagValues(instance, [machine.metadata.uid!])),
    liveResources: () => emulator.inspect.resources().filter(isLive),
    liveResourceCounts: () => {
      const counts: Record<string, number> = {};
      for (const resource of harness.liveResources()) counts[resource.kind] = (counts[resource.kind] ?? 0) + 1;
      return counts;
    },
    pause: (milliseconds) => clock.sleep(milliseconds),
    waitUntil: async (description, predicate) => {
      const deadline = Date.now() + settleMilliseconds;
      while (!predicate()) {
        if (Date.now() > deadline) {
          throw new Error(`timed out after ${settleMilliseconds} ms waiting until ${description}`);
        }
        if (manual) await emulator.clock!.advance!(1_000);
        else await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    requireCapability: (name) => {
      if (!actuator.capabilities[name]) throw new UnsupportedCapability(`the actuator does not declare capabilities.${name}`);
    },
    requireFault: (name) => {
      if (typeof emulator.faults[name] !== 'function') throw new UnsupportedCapability(`the emulator offers no faults.${name}`);
      return emulator.faults as never;
    },
    close: () => {
      closed ??= (async () => {
        emulator.faults.reset();
        try {
          await providerActuators?.close();
        } finally {
          await emulator.stop();
        }
      })();
      return closed;
    },
  };
  return harness;
}
