/**
 * Kubernetes-style Events (kind Event, apiVersion v1) in the same store,
 * deduplicated as Kubernetes does: the same object, type, reason and message
 * make one Event whose `count` and `lastTimestamp` grow.
 */
import { createHash } from 'node:crypto';
import type { ClockV1 } from '@slipway/core';
import { AlreadyExistsError } from './already-exists-error.js';
import { ConflictError } from './conflict-error.js';
import type { ObjectStore, StoredObject } from './object-store.js';
import { eventType } from './object-types.js';

export type EventSeverity = 'Normal' | 'Warning';

export interface StoredEvent extends StoredObject {
  involvedObject: { apiVersion: string; kind: string; namespace: string; name: string; uid?: string };
  type: EventSeverity;
  reason: string;
  message: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source: { component: string };
}

export interface EventRecord {
  type: EventSeverity;
  reason: string;
  message: string;
}

export class EventRecorder {
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Pick<ClockV1, 'now'>,
    private readonly component = 'slipway-manager',
  ) {}

  /** Records `event` against `involved`; never throws (an Event is worth less than the reconcile that reports it). */
  async record(involved: StoredObject, event: EventRecord): Promise<void> {
    try {
      await this.recordOrThrow(involved, event);
    } catch {
      // Events are best effort, as in Kubernetes.
    }
  }

  async recordOrThrow(involved: StoredObject, event: EventRecord): Promise<StoredEvent> {
    const namespace = involved.metadata.namespace ?? 'default';
    const involvedName = involved.metadata.name ?? '';
    const digest = createHash('sha256')
      .update([involved.kind, involved.metadata.uid ?? involvedName, event.type, event.reason, event.message].join('\u0000'))
      .digest('hex')
      .slice(0, 16);
    const name = `${involvedName}.${digest}`;
    const now = new Date(this.clock.now()).toISOString();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const existing = await this.store.get<StoredEvent>(eventType, namespace, name);
      try {
        if (existing === undefined) {
          return await this.store.create<StoredEvent>({
            apiVersion: 'v1',
            kind: 'Event',
            metadata: { name, namespace },
            involvedObject: {
              apiVersion: involved.apiVersion,
              kind: involved.kind,
              namespace,
              name: involvedName,
              ...(involved.metadata.uid === undefined ? {} : { uid: involved.metadata.uid }),
            },
            type: event.type,
            reason: event.reason,
            message: event.message,
            count: 1,
            firstTimestamp: now,
            lastTimestamp: now,
            source: { component: this.component },
          });
        }
        return await this.store.update<StoredEvent>({ ...existing, count: existing.count + 1, lastTimestamp: now });
      } catch (error) {
        if (!ConflictError.isInstance(error) && !AlreadyExistsError.isInstance(error)) throw error;
      }
    }
    throw new ConflictError(`v1/Event ${namespace}/${name}`, 'latest', 'a newer one after 5 attempts');
  }
}
