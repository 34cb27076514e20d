/**
 * Every request an emulated cloud received, in order, with its action name and
 * what became of it. Tests count calls by action (the conformance kit's API
 * budget) and check that faults were actually served.
 */
export type CallOutcome = 'ok' | 'error' | 'throttled' | 'server-error' | 'quota' | 'lost-reply' | 'in-progress';

export interface CallRecord {
  /** 1 for the first request. */
  readonly sequence: number;
  readonly action: string;
  /** Emulated milliseconds since the epoch, when the request arrived. */
  readonly at: number;
  outcome: CallOutcome;
  /** The cloud error code of an `error` outcome. */
  errorCode?: string;
}

export class CallLog {
  private readonly records: CallRecord[] = [];
  private sequence = 0;

  /** Appends a request; the runtime fills in its outcome. */
  record(action: string, at: number): CallRecord {
    const record: CallRecord = { sequence: ++this.sequence, action, at, outcome: 'in-progress' };
    this.records.push(record);
    return record;
  }

  entries(): readonly CallRecord[] {
    return this.records.map((record) => ({ ...record }));
  }

  /** Calls of one action, or all calls. */
  count(action?: string): number {
    return action === undefined ? this.records.length : this.records.filter((record) => record.action === action).length;
  }

  countsByAction(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const record of this.records) counts[record.action] = (counts[record.action] ?? 0) + 1;
    return counts;
  }

  /** Calls that ended in one outcome (`throttled`, `lost-reply`, ...). */
  countByOutcome(outcome: CallOutcome): number {
    return this.records.filter((record) => record.outcome === outcome).length;
  }

  clear(): void {
    this.records.length = 0;
  }
}
