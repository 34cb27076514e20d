/**
 * The fault-injection switchboard of one emulated cloud. Every fault is off until
 * a test switches it on, and each can be switched on and off independently:
 * throttling (the cloud's published token buckets, or a bucket the test picks),
 * a rate of 5xx answers, latency, an eventual-consistency window, lost replies,
 * quota limits, and an interruption at the k-th request (the conformance kit's
 * "crash at every await").
 *
 * The emulator runtime consults it around each request (`beforeWork`,
 * `afterWork`) and the resource store consults it on creation (`quotaLimit`,
 * `visibilityDelay`); tests only call the switches.
 */
import type { EmulatorClock } from '../clock/emulator-clock.js';
import { CloudFault } from './cloud-fault.js';
import { LostReply } from './lost-reply.js';
import { seededRandom } from './seeded-random.js';
import { TokenBucket, type TokenBucketLimits } from './token-bucket.js';

/** Restricts a fault to some actions (the names the call log uses); all actions when absent. */
export interface ActionFilter {
  actions?: readonly string[];
}

/** Which bucket an action draws from, as the cloud publishes it (EC2: RunInstances 5/2 s, reads 100/20 s, ...). */
export type ThrottlingPolicy = (action: string) => { bucket: string; limits: TokenBucketLimits };

export interface ThrottlingSettings extends ActionFilter {
  /** One bucket for every matching action instead of the cloud's published policy (handy to force throttling in a test). */
  bucket?: TokenBucketLimits;
}

export interface ServerErrorSettings extends ActionFilter {
  /** Share of matching requests answered with a 5xx, 0 to 1. */
  rate?: number;
  /** Exactly this many of the next matching requests answer with a 5xx (deterministic); combined with `rate`, these come first. */
  next?: number;
  /** Seed of the deterministic random source behind `rate`; default 1. */
  seed?: number;
}

export interface LatencySettings extends ActionFilter {
  /** Emulated milliseconds added before each matching request is handled. */
  milliseconds: number;
  /** Up to this many more milliseconds, drawn from a seeded random source. */
  jitterMilliseconds?: number;
}

export interface EventualConsistencySettings {
  /** How long a new resource stays invisible to describe/list/get, in emulated milliseconds. */
  invisibleForMilliseconds: number;
  /** Resource kinds concerned; all kinds when absent. */
  kinds?: readonly string[];
}

export interface LostReplySettings extends ActionFilter {
  /** How many replies to lose; default 1. */
  next?: number;
  /** Lose only replies of requests that created a resource of this kind (`'instance'`): the duplicate-maker. */
  onlyWhenCreating?: string;
}

export interface InterruptSettings {
  /** The request at which to interrupt, counted from now and starting at 1, among requests the other faults let through. */
  atRequest: number;
  /** `before-work`: the request does nothing; `after-work`: its work is done. Either way no reply is sent. */
  phase: 'before-work' | 'after-work';
  /** Called at the interruption, before the reply is dropped; the conformance kit aborts the actuator's signal here. */
  onInterrupt?: () => void;
}

/** Limits on how many live resources of a kind may exist (`{ instance: 2 }`). */
export type QuotaSettings = Readonly<Record<string, number>>;

export interface FaultSwitchboardOptions {
  clock: EmulatorClock;
  /** The cloud's published buckets; without one, `throttle(true)` is refused and only explicit buckets work. */
  throttlingPolicy?: ThrottlingPolicy;
}

const matches = (filter: ActionFilter | undefined, action: string): boolean =>
  filter?.actions === undefined || filter.actions.includes(action);

export class FaultSwitchboard {
  private readonly clock: EmulatorClock;
  private readonly throttlingPolicy: ThrottlingPolicy | undefined;
  private throttling: { settings: ThrottlingSettings; buckets: Map<string, TokenBucket> } | undefined;
  private throttleCount: { remaining: number; filter: ActionFilter | undefined } | undefined;
  private serverErrorSettings: { settings: ServerErrorSettings; remaining: number; random: () => number } | undefined;
  private latencySettings: { settings: LatencySettings; random: () => number } | undefined;
  private consistency: EventualConsistencySettings | undefined;
  private lostReplies: { settings: LostReplySettings; remaining: number } | undefined;
  private quotas: QuotaSettings = {};
  private interruption: { settings: InterruptSettings; seen: number } | undefined;
  private pendingInterrupt: (() => void) | undefined;

  constructor(options: FaultSwitchboardOptions) {
    this.clock = options.clock;
    this.throttlingPolicy = options.throttlingPolicy;
  }

  /** `true`: the cloud's published buckets; settings: a bucket of the test's choosing; `false`: off. */
  throttle(settings: boolean | ThrottlingSettings): void {
    if (settings === false) {
      this.throttling = undefined;
      return;
    }
    const chosen = settings === true ? {} : settings;
    if (chosen.bucket === undefined && this.throttlingPolicy === undefined) {
      throw new Error('faults.throttle: this emulator declares no throttling policy; pass { bucket: { capacity, refillPerSecond } }');
    }
    if (chosen.bucket !== undefined) new TokenBucket(chosen.bucket, this.clock.now); // validates the numbers
    this.throttling = { settings: chosen, buckets: new Map() };
  }

  /** The next `count` matching requests are answered with the cloud's throttling error, whatever the buckets hold. */
  throttleNext(count: number, filter?: ActionFilter): void {
    this.requireCount('faults.throttleNext', 'count', count);
    this.throttleCount = count > 0 ? { remaining: count, filter } : undefined;
  }

  serverErrors(settings: ServerErrorSettings | false): void {
    if (settings === false) {
      this.serverErrorSettings = undefined;
      return;
    }
    const rate = settings.rate ?? 0;
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`faults.serverErrors: rate must be between 0 and 1, got ${settings.rate}`);
    this.requireCount('faults.serverErrors', 'next', settings.next ?? 0);
    this.serverErrorSettings = { settings, remaining: settings.next ?? 0, random: seededRandom(settings.seed ?? 1) };
  }

  latency(settings: LatencySettings | false): void {
    if (settings === false) {
      this.latencySettings = undefined;
      return;
    }
    if (!(settings.milliseconds >= 0)) throw new RangeError(`faults.latency: milliseconds must be 0 or more, got ${settings.milliseconds}`);
    this.latencySettings = { settings, random: seededRandom(7) };
  }

  eventualConsistency(settings: EventualConsistencySettings | false): void {
    if (settings !== false && !(settings.invisibleForMilliseconds >= 0)) {
      throw new RangeError(
        `faults.eventualConsistency: invisibleForMilliseconds must be 0 or more, got ${settings.invisibleForMilliseconds}`,
      );
    }
    this.consistency = settings === false ? undefined : settings;
  }

  loseReplies(settings: LostReplySettings | false): void {
    if (settings === false) {
      this.lostReplies = undefined;
      return;
    }
    this.requireCount('faults.loseReplies', 'next', settings.next ?? 1);
    this.lostReplies = { settings, remaining: settings.next ?? 1 };
  }

  quota(settings: QuotaSettings | false): void {
    if (settings === false) {
      this.quotas = {};
      return;
    }
    for (const [kind, limit] of Object.entries(settings)) this.requireCount('faults.quota', kind, limit);
    this.quotas = { ...settings };
  }

  interrupt(settings: InterruptSettings | false): void {
    if (settings === false) {
      this.interruption = undefined;
      return;
    }
    if (!Number.isInteger(settings.atRequest) || settings.atRequest < 1) {
      throw new RangeError(`faults.interrupt: atRequest must be an integer of 1 or more, got ${settings.atRequest}`);
    }
    this.interruption = { settings, seen: 0 };
  }

  /** Switches every fault off. */
  reset(): void {
    this.throttling = undefined;
    this.throttleCount = undefined;
    this.serverErrorSettings = undefined;
    this.latencySettings = undefined;
    this.consistency = undefined;
    this.lostReplies = undefined;
    this.quotas = {};
    this.interruption = undefined;
  }

  // ---- consulted by the runtime and the store ----

  /**
   * Runs the faults that act before a request's work: latency, throttling, 5xx,
   * then the interruption count. Throws a CloudFault or a LostReply to stop the request.
   */
  async beforeWork(action: string): Promise<{ interruptAfterWork: boolean }> {
    let interruptAfterWork = false;
    if (this.latencySettings !== undefined && matches(this.latencySettings.settings, action)) {
      const { milliseconds, jitterMilliseconds = 0 } = this.latencySettings.settings;
      await this.clock.sleep(milliseconds + jitterMilliseconds * this.latencySettings.random());
    }
    if (this.throttleCount !== undefined && matches(this.throttleCount.filter, action)) {
      this.throttleCount.remaining -= 1;
      if (this.throttleCount.remaining <= 0) this.throttleCount = undefined;
      throw new CloudFault(`Request limit exceeded for ${action}.`, { kind: 'throttling', retryAfterSeconds: 1 });
    }
    if (this.throttling !== undefined && matches(this.throttling.settings, action)) {
      const chosen = this.throttling.settings.bucket;
      const { bucket: name, limits } = chosen !== undefined ? { bucket: '*', limits: chosen } : this.throttlingPolicy!(action);
      let bucket = this.throttling.buckets.get(name);
      if (bucket === undefined) {
        bucket = new TokenBucket(limits, this.clock.now);
        this.throttling.buckets.set(name, bucket);
      }
      const taken = bucket.take();
      if (!taken.granted) {
        throw new CloudFault(`Request limit exceeded for ${action}.`, {
          kind: 'throttling',
          retryAfterSeconds: taken.retryAfterSeconds,
        });
      }
    }
    const errors = this.serverErrorSettings;
    if (errors !== undefined && matches(errors.settings, action)) {
      const forced = errors.remaining > 0;
      if (forced) errors.remaining -= 1;
      if (forced || errors.random() < (errors.settings.rate ?? 0)) {
        throw new CloudFault(`An internal error has occurred while handling ${action}.`, { kind: 'server-error' });
      }
    }
    // Counted last, so the k-th request is the k-th that would really have been served.
    if (this.interruption !== undefined) {
      this.interruption.seen += 1;
      if (this.interruption.seen === this.interruption.settings.atRequest) {
        const settings = this.interruption.settings;
        this.interruption = undefined;
        if (settings.phase === 'before-work') {
          settings.onInterrupt?.();
          throw new LostReply(action, false);
        }
        interruptAfterWork = true;
        this.pendingInterrupt = settings.onInterrupt;
      }
    }
    return { interruptAfterWork };
  }

  /** Runs the faults that act after the work: the interruption after work and lost replies. Throws a LostReply to drop the reply. */
  afterWork(action: string, outcome: { interruptAfterWork: boolean; createdKinds: ReadonlySet<string> }): void {
    if (outcome.interruptAfterWork) {
      const onInterrupt = this.pendingInterrupt;
      this.pendingInterrupt = undefined;
      onInterrupt?.();
      throw new LostReply(action, true);
    }
    const lost = this.lostReplies;
    if (lost === undefined || !matches(lost.settings, action)) return;
    const kind = lost.settings.onlyWhenCreating;
    if (kind !== undefined && !outcome.createdKinds.has(kind)) return;
    lost.remaining -= 1;
    if (lost.remaining <= 0) this.lostReplies = undefined;
    throw new LostReply(action, true);
  }

  /** The emulated milliseconds a new resource of `kind` stays invisible to reads. */
  visibilityDelay(kind: string): number {
    const consistency = this.consistency;
    if (consistency === undefined) return 0;
    if (consistency.kinds !== undefined && !consistency.kinds.includes(kind)) return 0;
    return consistency.invisibleForMilliseconds;
  }

  /** How many live resources of `kind` may exist; undefined when unlimited. */
  quotaLimit(kind: string): number | undefined {
    return this.quotas[kind];
  }

  private requireCount(where: string, field: string, value: number): void {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${where}: ${field} must be an integer of 0 or more, got ${value}`);
  }
}
