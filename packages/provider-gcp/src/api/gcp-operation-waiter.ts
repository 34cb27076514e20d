/**
 * Waits for a Compute operation without busy polling: each round is one call to
 * the operation's `wait` method, which the API holds open until the operation
 * is DONE or about two minutes have passed. A DONE operation with an error is
 * mapped to a Slipway error; a deadline passed is a TransientError (the
 * controller comes back, and the requestId leads it to the same operation).
 */
import { TransientError, type ActuatorContextV1, type MachineStatusErrorReason } from '@slipway/core';
import type { protos } from '@google-cloud/compute';
import type { GcpApiClient } from './gcp-api-client.js';
import type { GcpSdkClients } from './gcp-sdk-clients.js';
import { mapGcpOperationError } from './gcp-error-mapper.js';

export type GcpOperation = protos.google.cloud.compute.v1.IOperation;

export type GcpOperationScope = { zone: string } | { region: string } | 'global';

export interface WaitForOperationOptions {
  project: string;
  scope: GcpOperationScope;
  /** What the operation does, for messages (`instances.insert web-1`). */
  description: string;
  timeoutMs: number;
  /** The terminal reason of an operation error nothing more specific explains. */
  failureReason?: MachineStatusErrorReason;
}

/** The shortest pause between two `wait` rounds, should a server answer `wait` at once while still RUNNING. */
const minimumRoundMs = 1_000;

export async function waitForOperation(
  clients: GcpSdkClients,
  api: GcpApiClient,
  operation: GcpOperation,
  options: WaitForOperationOptions,
  context: ActuatorContextV1,
): Promise<GcpOperation> {
  const deadline = context.clock.now() + options.timeoutMs;
  let current = operation;
  for (;;) {
    if (current.status === 'DONE') {
      const failure = mapGcpOperationError(current, options.description, options.failureReason);
      if (failure) throw failure;
      return current;
    }
    if (context.clock.now() >= deadline) {
      throw new TransientError(`${options.description}: operation ${current.name} still ${String(current.status)} after ${options.timeoutMs} ms; it goes on in the cloud and the next attempt resumes waiting`, {
        requeueAfterMs: 10_000,
      });
    }
    const name = current.name ?? '';
    const roundStart = context.clock.now();
    const { project, scope } = options;
    if (scope === 'global') {
      [current] = await api.call('globalOperations.wait', name, () => clients.globalOperations.wait({ project, operation: name }), context);
    } else if ('zone' in scope) {
      [current] = await api.call('zoneOperations.wait', name, () => clients.zoneOperations.wait({ project, zone: scope.zone, operation: name }), context);
    } else {
      [current] = await api.call('regionOperations.wait', name, () => clients.regionOperations.wait({ project, region: scope.region, operation: name }), context);
    }
    const elapsed = context.clock.now() - roundStart;
    if (current.status !== 'DONE' && elapsed < minimumRoundMs) await context.clock.sleep(minimumRoundMs - elapsed, context.signal);
  }
}
