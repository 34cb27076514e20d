/**
 * The part every provider burst benchmark shares: a fleet of Machines of one
 * cluster, created all at once while a controller-like loop asks `exists` for
 * every created Machine once per describe interval, then deleted all at once
 * (calling delete again while it asks to be called again). Each benchmark keeps
 * what is its own: the emulator, the provider's settings, the figures it reports.
 */
import { randomUUID } from 'node:crypto';
import { machineSchema, type ActuatorContextV1, type ClockV1, type Cluster, type Machine, type MachineActuatorV1 } from '@slipway/core';

export interface BurstSubject {
  cluster: Cluster;
  actuator: MachineActuatorV1;
  clock: ClockV1;
  context: () => ActuatorContextV1;
  /** How long a benchmark's clock must run before a promise settles (a virtual clock is driven here); default: just wait. */
  drive?: <T>(work: Promise<T>) => Promise<T>;
}

/** `count` Machines named burst-0…, the first `controlPlaneMachines` of them control plane. */
export function burstMachines(options: {
  count: number;
  controlPlaneMachines: number;
  clusterName: string;
  /** The same for every Machine, or one per Machine (to spread them over zones, say). */
  providerSpec: Record<string, unknown> | ((index: number) => Record<string, unknown>);
  kubernetesVersion: string;
}): Machine[] {
  const providerSpecOf = typeof options.providerSpec === 'function' ? options.providerSpec : () => options.providerSpec as Record<string, unknown>;
  return Array.from({ length: options.count }, (_unused, index) =>
    machineSchema.parse({
      apiVersion: 'cluster.k8s.io/v1alpha1',
      kind: 'Machine',
      metadata: { name: `burst-${index}`, namespace: 'default', uid: randomUUID(), labels: { 'cluster.k8s.io/cluster-name': options.clusterName } },
      spec: {
        providerSpec: { value: providerSpecOf(index) },
        versions:
          index < options.controlPlaneMachines
            ? { kubelet: options.kubernetesVersion, controlPlane: options.kubernetesVersion }
            : { kubelet: options.kubernetesVersion },
      },
    }),
  );
}

export interface CreateBurstResult {
  /** The Machines created, with the providerID create returned. */
  created: Machine[];
  /** Errors that reached the caller (the target is none). */
  surfaced: string[];
  emulatedMs: number;
  realMs: number;
  /** Describe intervals that passed, and `exists` answers given in them. */
  intervals: number;
  existsAnswers: number;
}

export async function createInBurst(subject: BurstSubject, machines: readonly Machine[], describeIntervalMs: number): Promise<CreateBurstResult> {
  const drive = subject.drive ?? (<T>(work: Promise<T>) => work);
  const { cluster, actuator, clock, context } = subject;
  const surfaced: string[] = [];
  const created: Machine[] = [];
  const startedAt = clock.now();
  const realStartedAt = performance.now();
  let creating = true;
  let intervals = 0;
  let existsAnswers = 0;
  const controllerLoop = (async () => {
    while (creating) {
      await clock.sleep(describeIntervalMs);
      intervals += 1;
      const answers = await Promise.all(created.map((machine) => actuator.exists({ cluster, machine }, context()).catch((error: unknown) => error)));
      existsAnswers += answers.length;
    }
  })();
  await drive(
    Promise.all(
      machines.map(async (machine) => {
        try {
          const result = await actuator.create({ cluster, machine, bootstrapData: { userData: `#cloud-config\nhostname: ${machine.metadata.name}\n` } }, context());
          created.push({ ...machine, spec: { ...machine.spec, providerID: result.providerID } });
        } catch (error) {
          surfaced.push(describeError(error));
        }
      }),
    ),
  );
  const emulatedMs = clock.now() - startedAt;
  const realMs = performance.now() - realStartedAt;
  creating = false;
  await drive(controllerLoop);
  return { created, surfaced, emulatedMs, realMs, intervals, existsAnswers };
}

export interface DeleteBurstResult {
  gone: number;
  surfaced: string[];
  emulatedMs: number;
}

export async function deleteInBurst(subject: BurstSubject, machines: readonly Machine[], options: { maximumCalls?: number } = {}): Promise<DeleteBurstResult> {
  const drive = subject.drive ?? (<T>(work: Promise<T>) => work);
  const { cluster, actuator, clock, context } = subject;
  const surfaced: string[] = [];
  const startedAt = clock.now();
  const outcomes = await drive(
    Promise.all(
      machines.map(async (machine) => {
        for (let call = 0; call < (options.maximumCalls ?? 20); call += 1) {
          try {
            const result = await actuator.delete({ cluster, machine }, context());
            if (result.gone) return true;
            await clock.sleep(result.requeueAfterMs ?? 5_000);
          } catch (error) {
            surfaced.push(describeError(error));
            return false;
          }
        }
        return false;
      }),
    ),
  );
  return { gone: outcomes.filter(Boolean).length, surfaced, emulatedMs: clock.now() - startedAt };
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** What virtual time needs of an emulator: its manual clock and its call log. */
export interface VirtualTimeEmulator {
  clock: { advance(milliseconds: number): Promise<void> };
  callLog: { count(): number; entries(): readonly { outcome: string }[] };
}

/** Resolves once the emulator has seen no new request and has none in progress for a few real milliseconds. */
async function quiet(emulator: VirtualTimeEmulator): Promise<void> {
  for (;;) {
    const before = emulator.callLog.count();
    await new Promise((resolve) => setTimeout(resolve, 3));
    const inProgress = emulator.callLog.entries().slice(-50).some((entry) => entry.outcome === 'in-progress');
    if (!inProgress && emulator.callLog.count() === before) return;
  }
}

/**
 * Moves a manual clock forward in small steps while `work` runs, each step once
 * the system is quiet: emulated figures then measure the provider's pacing
 * alone, free of this machine's CPU stalls.
 */
export async function driveVirtualTime<T>(emulator: VirtualTimeEmulator, work: Promise<T>, stepMs: number): Promise<T> {
  let done = false;
  const watched = work.finally(() => {
    done = true;
  });
  while (!done) {
    await quiet(emulator);
    if (!done) await emulator.clock.advance(stepMs);
  }
  return watched;
}
