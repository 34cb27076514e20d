/**
 * What the kit needs from an emulated cloud: a side door that shows the cloud's
 * state as the cloud holds it (never through the provider), a call log, the
 * fault switches, and a way to stop. The handles of @slipway/cloud-emulator
 * satisfy it as they are; a fault an emulator does not offer makes the tests
 * that need it show as skipped.
 */
import type { ClockV1 } from '@slipway/core';

/** One resource as the cloud holds it. Compute instances have kind `instance`. */
export interface ConformanceResourceView {
  readonly kind: string;
  readonly id: string;
  /** Instances: pending, running, stopping, stopped, terminating, terminated. */
  readonly state: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The instance a resource belongs to (a root disk, an interface created with it). */
  readonly ownerId?: string;
  /** Instances: the user data as the cloud hands it to the machine, wire encoding (base64) undone. */
  readonly userData?: Uint8Array;
}

export interface ConformanceInspectFilter {
  kind?: string;
  tags?: Record<string, string>;
  includeGone?: boolean;
}

export interface ConformanceCallLog {
  /** Calls of one action, or all calls. */
  count(action?: string): number;
  countsByAction(): Record<string, number>;
  /** Calls that ended `throttled`, `server-error`, `lost-reply`, ... */
  countByOutcome(outcome: string): number;
}

export interface ConformanceFaults {
  throttle?(settings: boolean | { bucket?: { capacity: number; refillPerSecond: number } }): void;
  throttleNext?(count: number): void;
  serverErrors?(settings: { rate?: number; next?: number } | false): void;
  eventualConsistency?(settings: { invisibleForMilliseconds: number } | false): void;
  loseReplies?(settings: { next?: number; onlyWhenCreating?: string } | false): void;
  quota?(settings: Readonly<Record<string, number>> | false): void;
  interrupt?(settings: { atRequest: number; phase: 'before-work' | 'after-work'; onInterrupt?: () => void } | false): void;
  reset(): void;
}

/** A clock the kit hands to the actuator (so backoff runs on emulated time) and advances when it is manual. */
export interface ConformanceClock extends ClockV1 {
  readonly mode?: string;
  advance?(milliseconds: number): Promise<void>;
}

export interface ConformanceEmulator {
  inspect: {
    instances(filter?: Omit<ConformanceInspectFilter, 'kind'>): readonly ConformanceResourceView[];
    resources(filter?: ConformanceInspectFilter): readonly ConformanceResourceView[];
  };
  callLog: ConformanceCallLog;
  faults: ConformanceFaults;
  clock?: ConformanceClock;
  stop(): Promise<void>;
}
