/**
 * How a provider plugs into the kit: factories for a fresh emulator and a fresh
 * actuator per test, the providerSpec fixtures, the API budget it promises,
 * what to skip, and how long to wait.
 */
import type { MachineActuatorV1, ProviderActuatorsV1 } from '@slipway/core';
import type { ConformanceEmulator } from './conformance-emulator.js';

export const conformanceGroups = [
  'basics',
  'idempotency',
  'deletion',
  'eventual-consistency',
  'errors',
  'ownership',
  'user-data',
  'api-budget',
  'capabilities',
] as const;
export type ConformanceGroup = (typeof conformanceGroups)[number];

export interface ConformanceFixtures {
  /** A valid `spec.providerSpec.value` for a Machine. */
  machineProviderSpec: Record<string, unknown>;
  /** A valid `spec.providerSpec.value` for the Cluster, when the provider has one. */
  clusterProviderSpec?: Record<string, unknown>;
  /** A providerSpec the provider must refuse, and the field its error must name (`spec.providerSpec.value.instanceType`, or just `instanceType`). */
  invalidMachineProviderSpec: { value: Record<string, unknown>; fieldPath: string };
  /** The user data to deliver; default: a cloud-config with non-ASCII text, shell metacharacters and a long line. */
  userData?: string;
  /** Default 1.30.0. */
  kubernetesVersion?: string;
}

/** The most API calls one machine's lifecycle may take, by phase. */
export interface ConformanceApiBudget {
  create: number;
  exists: number;
  /** All calls of delete, called until it says gone. */
  delete: number;
}

export interface ConformanceTimeouts {
  /** Per test, real milliseconds; default 60 000. */
  testMilliseconds?: number;
  /** How long to wait for the cloud to reach a state (an instance terminated), real milliseconds; default 20 000. */
  settleMilliseconds?: number;
}

export interface ActuatorConformanceOptions<Emulator extends ConformanceEmulator = ConformanceEmulator> {
  /** Shown in test names: `aws`, `azure`, ... */
  name: string;
  /** A fresh emulated cloud; called once per test (several times in the crash tests). */
  createEmulator: () => Emulator | Promise<Emulator>;
  /**
   * A fresh actuator pointed at that emulator: the provider's whole factory result
   * (the kit uses its `machine` and calls its `close()` when the test ends), or a
   * Machine actuator alone.
   */
  createActuator: (emulator: Emulator) => ProviderActuatorsV1 | MachineActuatorV1 | Promise<ProviderActuatorsV1 | MachineActuatorV1>;
  fixtures: ConformanceFixtures;
  budget: ConformanceApiBudget;
  /** Groups (`'eventual-consistency'`) or single checks (`'errors/quota'`) to skip; they show as skipped. */
  skip?: readonly string[];
  timeouts?: ConformanceTimeouts;
  /** The eventual-consistency window to inject, emulated milliseconds; default 60 000. Long enough that the checks finish inside it on your clock. */
  consistencyWindowMilliseconds?: number;
  /** Stop looking for more awaits inside create after this many requests; default 40. */
  maximumCreateRequests?: number;
}
