/**
 * The long-running operations of the emulated Resource Manager. A PUT that
 * creates answers 201 with an `Azure-AsyncOperation` URL whose status the client
 * polls until `Succeeded`; a DELETE answers 202 with a `Location` URL that
 * answers 202 while the work goes on and, once it is done, the final status the
 * operation's REST specification lists (204 for compute and network deletes, 200 for
 * a resource group's delete, whose specification lists only 200 and 202). Both carry
 * Retry-After, converted to the real seconds a client sleeps when the emulator
 * clock runs faster than real time.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorClock } from '../clock/emulator-clock.js';
import type { EmulatorHttpReply } from '../server/emulator-http-request.js';

export type AzureOperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

export interface AzureLongRunningOperation {
  readonly id: string;
  /** The resource provider that runs it (`Microsoft.Compute`), part of its URLs. */
  readonly namespace: string;
  readonly location: string;
  status: AzureOperationStatus;
  readonly startedAt: number;
  endedAt?: number;
  /** When the emulator expects it to end (emulated ms), for Retry-After; unknown when it waits on a boot. */
  expectedEndAt?: number;
  error?: { status: number; code: string; message: string };
  /** What its Location URL answers once it succeeded. */
  readonly completedStatus: 200 | 204;
}

export interface AzureOperationUrls {
  /** Polled through Azure-AsyncOperation: a body with `status`. */
  statusUrl: string;
  /** Polled through Location: 202 while running, the operation's completedStatus when done. */
  resultUrl: string;
}

export class AzureLongRunningOperations {
  private readonly operations = new Map<string, AzureLongRunningOperation>();
  private readonly clock: EmulatorClock;
  private readonly subscriptionId: string;

  constructor(options: { clock: EmulatorClock; subscriptionId: string }) {
    this.clock = options.clock;
    this.subscriptionId = options.subscriptionId;
  }

  start(namespace: string, location: string, expectedDurationMs?: number, completedStatus: 200 | 204 = 204): AzureLongRunningOperation {
    const now = this.clock.now();
    const operation: AzureLongRunningOperation = {
      id: randomUUID(),
      namespace,
      location: location.toLowerCase().replace(/\s+/g, ''),
      status: 'InProgress',
      startedAt: now,
      completedStatus,
      ...(expectedDurationMs !== undefined ? { expectedEndAt: now + expectedDurationMs } : {}),
    };
    this.operations.set(operation.id.toLowerCase(), operation);
    return operation;
  }

  /** Ends an operation after `delayMs` of emulated time (at once when 0). */
  completeAfter(operation: AzureLongRunningOperation, delayMs: number, finish?: () => void): void {
    const done = () => {
      if (operation.status !== 'InProgress') return;
      finish?.();
      this.succeed(operation);
    };
    if (delayMs <= 0) done();
    else this.clock.schedule(delayMs, done);
  }

  succeed(operation: AzureLongRunningOperation): void {
    if (operation.status !== 'InProgress') return;
    operation.status = 'Succeeded';
    operation.endedAt = this.clock.now();
  }

  fail(operation: AzureLongRunningOperation, error: { status: number; code: string; message: string }): void {
    if (operation.status !== 'InProgress') return;
    operation.status = 'Failed';
    operation.error = error;
    operation.endedAt = this.clock.now();
  }

  find(operationId: string): AzureLongRunningOperation | undefined {
    return this.operations.get(operationId.toLowerCase());
  }

  /** The poll URLs, carrying the api-version of the request that started the operation, as Azure's do. */
  urls(operation: AzureLongRunningOperation, origin: string, apiVersion: string): AzureOperationUrls {
    const base = `${origin}/subscriptions/${this.subscriptionId}/providers/${operation.namespace}/locations/${operation.location}`;
    const version = encodeURIComponent(apiVersion);
    return {
      statusUrl: `${base}/operations/${operation.id}?api-version=${version}`,
      resultUrl: `${base}/operationResults/${operation.id}?api-version=${version}`,
    };
  }

  /** Retry-After in real seconds, or undefined when the wait is under a second of real time. */
  retryAfterSeconds(operation: AzureLongRunningOperation, fallbackMs: number): number | undefined {
    const remainingMs = Math.max(0, (operation.expectedEndAt ?? this.clock.now() + fallbackMs) - this.clock.now());
    const realMs = remainingMs / (this.clock.mode === 'scaled' ? this.clock.speed : 1);
    return realMs >= 1000 ? Math.min(Math.ceil(realMs / 1000), 60) : undefined;
  }

  /** The answer to a GET on the Azure-AsyncOperation URL. */
  statusReply(operation: AzureLongRunningOperation, fallbackMs: number): EmulatorHttpReply {
    const body: Record<string, unknown> = {
      name: operation.id,
      status: operation.status,
      startTime: new Date(operation.startedAt).toISOString(),
    };
    if (operation.endedAt !== undefined) body['endTime'] = new Date(operation.endedAt).toISOString();
    if (operation.error !== undefined) body['error'] = { code: operation.error.code, message: operation.error.message };
    const headers: Record<string, string> = {};
    const retryAfter = operation.status === 'InProgress' ? this.retryAfterSeconds(operation, fallbackMs) : undefined;
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    return { status: 200, headers, body };
  }

  /** The answer to a GET on the Location URL. */
  resultReply(operation: AzureLongRunningOperation, requestUrl: string, fallbackMs: number): EmulatorHttpReply {
    if (operation.status === 'InProgress') {
      const headers: Record<string, string> = { location: requestUrl };
      const retryAfter = this.retryAfterSeconds(operation, fallbackMs);
      if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
      return { status: 202, headers };
    }
    if (operation.status === 'Failed' && operation.error !== undefined) {
      return { status: operation.error.status, body: { error: { code: operation.error.code, message: operation.error.message } } };
    }
    return { status: operation.completedStatus };
  }
}
