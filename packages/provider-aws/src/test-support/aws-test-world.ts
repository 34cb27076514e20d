/**
 * A test's world: the EC2 emulator on a manual clock, the AWS actuators on the
 * same clock through the real SDK clients, and Cluster and Machine objects the
 * way the store would hand them over. `settle` advances the manual clock while
 * a call waits on it (backoff, rate limiter), so no test sleeps in real time.
 */
import { randomUUID } from 'node:crypto';
import { startAwsEmulator, type AwsEmulator, type AwsEmulatorOptions } from '@slipway/cloud-emulator/aws';
import { clusterSchema, machineSchema, type ActuatorContextV1, type Cluster, type Machine } from '@slipway/core';
import { createAwsActuator, type AwsActuators } from '../create-aws-actuator.js';
import type { AwsActuatorSettings } from '../settings/aws-actuator-settings.js';
import { awsConformanceFixtures, emulatorCredentials } from './aws-conformance-options.js';

export interface AwsTestWorld {
  emulator: AwsEmulator;
  actuators: AwsActuators;
  logLines: string[];
  context(signal?: AbortSignal): ActuatorContextV1;
  /** Resolves `work`, advancing the manual clock by `stepMs` whenever it is waiting. */
  settle<T>(work: Promise<T>, stepMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function openAwsTestWorld(
  options: { emulator?: AwsEmulatorOptions; actuator?: AwsActuatorSettings } = {},
): Promise<AwsTestWorld> {
  const emulator = await startAwsEmulator({
    clock: { mode: 'manual', startAt: Date.parse('2026-06-01T00:00:00Z') },
    lifecycle: { bootDelayMilliseconds: 20_000, terminationDelayMilliseconds: 10_000 },
    natGatewayTransitionMilliseconds: 30_000,
    ...options.emulator,
  });
  const actuators = createAwsActuator({
    region: emulator.region,
    endpoint: emulator.endpoint,
    credentials: emulatorCredentials,
    clock: emulator.clock,
    random: () => 0.5,
    ...options.actuator,
  });
  const logLines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => logLines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
  const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return {
    emulator,
    actuators,
    logLines,
    context: (signal) => ({ signal: signal ?? new AbortController().signal, logger, clock: emulator.clock }),
    settle: async <T>(work: Promise<T>, stepMs = 1_000): Promise<T> => {
      let done = false;
      const watched = work.finally(() => {
        done = true;
      });
      watched.catch(() => undefined);
      for (let step = 0; step < 5_000 && !done; step += 1) {
        // Let the HTTP round trip in flight finish before time moves on.
        await new Promise((resolve) => setTimeout(resolve, 2));
        if (!done && emulator.clock.pendingTimers() > 0) await emulator.clock.advance(stepMs);
      }
      return watched;
    },
    close: async () => {
      await actuators.close();
      await emulator.stop();
    },
  };
}

export function testCluster(name: string, providerSpec: Record<string, unknown> = {}): Cluster {
  return clusterSchema.parse({
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name, namespace: 'default', uid: randomUUID() },
    spec: { providerSpec: { value: providerSpec } },
  });
}

export function testMachine(
  clusterName: string,
  name: string,
  options: { controlPlane?: boolean; providerSpec?: Record<string, unknown> } = {},
): Machine {
  return machineSchema.parse({
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Machine',
    metadata: { name, namespace: 'default', uid: randomUUID(), labels: { 'cluster.k8s.io/cluster-name': clusterName } },
    spec: {
      providerSpec: { value: options.providerSpec ?? structuredClone(awsConformanceFixtures.machineProviderSpec) },
      versions: options.controlPlane ? { kubelet: '1.30.0', controlPlane: '1.30.0' } : { kubelet: '1.30.0' },
    },
  });
}

/** A Cluster as the controller holds it after `reconcile`: endpoints and providerStatus recorded. */
export function withReconcileResult(cluster: Cluster, result: { apiEndpoints: { host: string; port: number }[]; providerStatus?: Record<string, unknown> }): Cluster {
  return { ...cluster, status: { apiEndpoints: result.apiEndpoints, providerStatus: result.providerStatus ?? {}, infrastructureReady: true } };
}
