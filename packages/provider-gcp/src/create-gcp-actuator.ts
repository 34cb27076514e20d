import {
  InvalidProviderSpecError,
  TerminalError,
  type ClusterActuatorV1,
  type Machine,
  type MachineActuatorV1,
} from '@slipway/core';
import { gcpMachineProviderSpecSchema, type GcpMachineProviderSpec } from './gcp-machine-provider-spec.js';

export interface GcpActuatorSettings {
  /** The API endpoint; defaults to the cloud's public one or its environment variable. */
  endpoint?: string;
  /** An API token; defaults to the cloud's standard environment variable. */
  token?: string;
}

/**
 * Builds the Google Compute Engine machine and cluster actuators. Every setting is
 * optional and falls back to the cloud's standard environment; tests pass the
 * emulator's endpoint.
 */
export function createGcpActuator(settings: GcpActuatorSettings = {}): { machine: MachineActuatorV1; cluster: ClusterActuatorV1 } {
  void settings;
  const notYet = (what: string): never => {
    throw new TerminalError('CreateError', `the Google Compute Engine provider does not implement ${what} yet`);
  };
  const machine: MachineActuatorV1 = {
    specificationVersion: 'v1',
    capabilities: { orphanListing: false, inPlaceUpdate: false },
    create: async ({ machine: target }) => {
      parseMachineProviderSpec(target);
      return notYet('create');
    },
    update: async () => notYet('update'),
    exists: async () => notYet('exists'),
    delete: async () => notYet('delete'),
  };
  const cluster: ClusterActuatorV1 = {
    specificationVersion: 'v1',
    reconcile: async () => notYet('cluster reconcile'),
    delete: async () => notYet('cluster delete'),
  };
  return { machine, cluster };
}

/** The Machine's providerSpec, validated; a terminal InvalidConfiguration naming the field otherwise. */
export function parseMachineProviderSpec(machine: Machine): GcpMachineProviderSpec {
  const outcome = gcpMachineProviderSpecSchema.safeParse(machine.spec.providerSpec.value ?? {});
  if (outcome.success) return outcome.data;
  const [issue] = outcome.error.issues;
  const path = ['spec', 'providerSpec', 'value', ...(issue?.path ?? []).map(String)].join('.');
  throw new InvalidProviderSpecError(path, issue?.message ?? 'invalid');
}
