/**
 * Compute Engine's long-running operations: every insert, delete and change
 * answers with an Operation (zonal, regional or global) that moves from
 * RUNNING to DONE on the emulator clock. `requestId` makes a mutation
 * idempotent: a repeated requestId in the same project answers with the original
 * operation instead of acting again. `wait` blocks until the operation is DONE
 * or about two minutes have passed, as the real API does.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorClock } from '../clock/emulator-clock.js';
import { gceInvalidField } from './gce-error.js';
import { gceLinkBase, scopeLinkOf, scopePathOf, type GceLocation } from './gce-resource-path.js';

export interface GceOperationError {
  code: string;
  message: string;
  httpErrorStatusCode: number;
  httpErrorMessage: string;
}

export interface GceOperation {
  id: string;
  name: string;
  location: GceLocation;
  operationType: string;
  targetLink: string;
  targetId?: string;
  insertTime: number;
  /** Emulated time at which the operation ends (the earliest, when `doneWhen` is set). */
  doneAt: number;
  /** A condition that must also hold for DONE (an instance deletion is done when the instance is gone). */
  doneWhen?: () => boolean;
  error?: GceOperationError;
  requestId?: string;
}

/** How long `wait` blocks at most, as the API documents (2 minutes). */
export const gceOperationWaitLimitMilliseconds = 120_000;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function rfc3339(milliseconds: number): string {
  return new Date(milliseconds).toISOString();
}

export class GceOperations {
  private readonly clock: EmulatorClock;
  private readonly byName = new Map<string, GceOperation>();
  private readonly byRequestId = new Map<string, GceOperation>();

  constructor(clock: EmulatorClock) {
    this.clock = clock;
  }

  /** The original operation of a repeated requestId; throws Google's 400 for a requestId that is not a UUID. */
  findByRequestId(project: string, requestId: string | null): GceOperation | undefined {
    if (requestId === null || requestId === '') return undefined;
    if (!uuidPattern.test(requestId) || /^[0-]+$/.test(requestId)) {
      throw gceInvalidField('requestId', requestId, 'The request id must be a valid UUID with the exception that zero UUID is not supported (00000000-0000-0000-0000-000000000000).');
    }
    return this.byRequestId.get(`${project}/${requestId.toLowerCase()}`);
  }

  start(fields: Omit<GceOperation, 'id' | 'name' | 'insertTime'>): GceOperation {
    const now = this.clock.now();
    const operation: GceOperation = {
      ...fields,
      id: BigInt.asUintN(63, BigInt(`0x${randomBytes(8).toString('hex')}`)).toString(),
      name: `operation-${now}-${randomBytes(6).toString('hex')}`,
      insertTime: now,
    };
    this.byName.set(this.keyOf(operation.location, operation.name), operation);
    if (fields.requestId) this.byRequestId.set(`${fields.location.project}/${fields.requestId.toLowerCase()}`, operation);
    return operation;
  }

  find(location: GceLocation, name: string): GceOperation | undefined {
    return this.byName.get(this.keyOf(location, name));
  }

  isDone(operation: GceOperation): boolean {
    return this.clock.now() >= operation.doneAt && (operation.doneWhen?.() ?? true);
  }

  /** Blocks on the emulator clock until the operation is DONE or the wait limit has passed. */
  async wait(operation: GceOperation): Promise<void> {
    const deadline = this.clock.now() + gceOperationWaitLimitMilliseconds;
    // Bounded: each pass sleeps at least 250 ms of emulated time toward the deadline.
    while (!this.isDone(operation) && this.clock.now() < deadline) {
      const untilDone = operation.doneAt - this.clock.now();
      await this.clock.sleep(Math.min(Math.max(untilDone, 250), deadline - this.clock.now()));
    }
  }

  render(operation: GceOperation): Record<string, unknown> {
    const done = this.isDone(operation);
    const scopeLink = scopeLinkOf(operation.location);
    return {
      kind: 'compute#operation',
      id: operation.id,
      name: operation.name,
      operationType: operation.operationType,
      targetLink: operation.targetLink,
      ...(operation.targetId !== undefined ? { targetId: operation.targetId } : {}),
      status: done ? 'DONE' : 'RUNNING',
      user: 'emulator@slipway.invalid',
      progress: done ? 100 : 0,
      insertTime: rfc3339(operation.insertTime),
      startTime: rfc3339(operation.insertTime),
      ...(done ? { endTime: rfc3339(Math.max(operation.doneAt, operation.insertTime)) } : {}),
      selfLink: `${gceLinkBase}${scopePathOf(operation.location)}/operations/${operation.name}`,
      ...(operation.location.scopeType === 'zones' ? { zone: scopeLink } : {}),
      ...(operation.location.scopeType === 'regions' ? { region: scopeLink } : {}),
      ...(done && operation.error
        ? {
            error: { errors: [{ code: operation.error.code, message: operation.error.message }] },
            httpErrorStatusCode: operation.error.httpErrorStatusCode,
            httpErrorMessage: operation.error.httpErrorMessage,
          }
        : {}),
    };
  }

  private keyOf(location: GceLocation, name: string): string {
    return `${scopePathOf(location)}/${name}`;
  }
}
