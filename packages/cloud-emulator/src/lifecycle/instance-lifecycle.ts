/**
 * The life of an emulated instance as a state machine on the emulator clock:
 *
 *   pending ──boot delay──▶ running ──stop──▶ stopping ──▶ stopped ──start──▶ pending
 *      └────────────┴───────terminate──▶ terminating ──termination delay──▶ terminated ──retention──▶ (forgotten)
 *
 * Terminating an instance also deletes what it owns (root disks, network
 * interfaces, addresses created with it) once it reaches `terminated`, the way
 * clouds honour DeleteOnTermination. Listeners hear every transition; the boot
 * hook hands user data to the machine simulator on `running`.
 */
import type { EmulatorClock } from '../clock/emulator-clock.js';
import { CloudFault } from '../faults/cloud-fault.js';
import type { NewResource, ResourceStore } from '../store/resource-store.js';
import type { StoredResource } from '../store/stored-resource.js';

export type InstanceLifecycleState = 'pending' | 'running' | 'stopping' | 'stopped' | 'terminating' | 'terminated';

export interface InstanceLifecycleOptions {
  store: ResourceStore;
  clock: EmulatorClock;
  /** Emulated milliseconds from pending to running; default 30 000. */
  bootDelayMilliseconds?: number;
  /** Emulated milliseconds from terminating to terminated; default 20 000. */
  terminationDelayMilliseconds?: number;
  /** Emulated milliseconds from stopping to stopped; default 10 000. */
  stopDelayMilliseconds?: number;
  /** How long a terminated instance stays listed before it is forgotten (EC2 shows it about an hour); default 3 600 000. */
  terminatedRetentionMilliseconds?: number;
}

export type InstanceTransitionListener = (instance: StoredResource, from: InstanceLifecycleState | undefined, to: InstanceLifecycleState) => void;

export class InstanceLifecycle {
  readonly bootDelayMilliseconds: number;
  readonly terminationDelayMilliseconds: number;
  readonly stopDelayMilliseconds: number;
  readonly terminatedRetentionMilliseconds: number;
  private readonly store: ResourceStore;
  private readonly clock: EmulatorClock;
  private readonly listeners = new Set<InstanceTransitionListener>();
  private readonly pendingTransitions = new Map<string, () => void>();

  constructor(options: InstanceLifecycleOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.bootDelayMilliseconds = options.bootDelayMilliseconds ?? 30_000;
    this.terminationDelayMilliseconds = options.terminationDelayMilliseconds ?? 20_000;
    this.stopDelayMilliseconds = options.stopDelayMilliseconds ?? 10_000;
    this.terminatedRetentionMilliseconds = options.terminatedRetentionMilliseconds ?? 3_600_000;
    for (const [field, value] of Object.entries({
      bootDelayMilliseconds: this.bootDelayMilliseconds,
      terminationDelayMilliseconds: this.terminationDelayMilliseconds,
      stopDelayMilliseconds: this.stopDelayMilliseconds,
      terminatedRetentionMilliseconds: this.terminatedRetentionMilliseconds,
    })) {
      if (!(value >= 0)) throw new RangeError(`InstanceLifecycle: ${field} must be 0 or more, got ${value}`);
    }
  }

  /** Listens to every transition; returns a function that stops listening. */
  onTransition(listener: InstanceTransitionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Creates an instance in `pending` (kind `instance`) and schedules its boot. Quota and id rules are the store's. */
  launch(input: Omit<NewResource, 'kind' | 'state'>): StoredResource {
    const instance = this.store.create({ ...input, kind: 'instance', state: 'pending' });
    this.emit(instance, undefined, 'pending');
    this.scheduleTransition(instance, this.bootDelayMilliseconds, 'pending', 'running');
    return instance;
  }

  /** Starts terminating; idempotent (terminating or terminated instances are left alone). Returns the instance, or undefined when unknown. */
  terminate(instanceId: string): StoredResource | undefined {
    const instance = this.store.get('instance', instanceId, { consistent: true, includeGone: true });
    if (instance === undefined) return undefined;
    if (instance.state === 'terminating' || instance.state === 'terminated') return instance;
    this.transition(instance, 'terminating');
    this.scheduleTransition(instance, this.terminationDelayMilliseconds, 'terminating', 'terminated');
    return instance;
  }

  stop(instanceId: string): StoredResource {
    const instance = this.require(instanceId);
    if (instance.state === 'stopping' || instance.state === 'stopped') return instance;
    if (instance.state !== 'running' && instance.state !== 'pending') {
      throw new CloudFault(`The instance ${instanceId} is ${instance.state} and cannot be stopped.`, { kind: 'conflict' });
    }
    this.transition(instance, 'stopping');
    this.scheduleTransition(instance, this.stopDelayMilliseconds, 'stopping', 'stopped');
    return instance;
  }

  start(instanceId: string): StoredResource {
    const instance = this.require(instanceId);
    if (instance.state === 'pending' || instance.state === 'running') return instance;
    if (instance.state !== 'stopped') {
      throw new CloudFault(`The instance ${instanceId} is ${instance.state} and cannot be started.`, { kind: 'conflict' });
    }
    this.transition(instance, 'pending');
    this.scheduleTransition(instance, this.bootDelayMilliseconds, 'pending', 'running');
    return instance;
  }

  /** Cancels every scheduled transition (the emulator is stopping). */
  dispose(): void {
    for (const cancel of this.pendingTransitions.values()) cancel();
    this.pendingTransitions.clear();
  }

  private require(instanceId: string): StoredResource {
    const instance = this.store.get('instance', instanceId, { consistent: true });
    if (instance === undefined) throw new CloudFault(`The instance ${instanceId} does not exist.`, { kind: 'not-found' });
    return instance;
  }

  private scheduleTransition(
    instance: StoredResource,
    delay: number,
    from: InstanceLifecycleState,
    to: InstanceLifecycleState,
  ): void {
    this.pendingTransitions.get(instance.id)?.();
    const cancel = this.clock.schedule(delay, () => {
      this.pendingTransitions.delete(instance.id);
      // A later transition (terminate during boot) wins over this one.
      if (instance.state !== from) return;
      this.transition(instance, to);
      if (to === 'terminated') this.afterTermination(instance);
    });
    this.pendingTransitions.set(instance.id, cancel);
  }

  private afterTermination(instance: StoredResource): void {
    for (const owned of this.store.list({ ownerId: instance.id, consistent: true })) {
      if (!owned.keepAfterOwner) {
        owned.state = 'deleted';
        this.store.remove(owned.kind, owned.id);
      }
    }
    const cancel = this.clock.schedule(this.terminatedRetentionMilliseconds, () => {
      this.pendingTransitions.delete(instance.id);
      if (instance.state === 'terminated') this.store.remove('instance', instance.id);
    });
    this.pendingTransitions.set(instance.id, cancel);
  }

  private transition(instance: StoredResource, to: InstanceLifecycleState): void {
    const from = instance.state as InstanceLifecycleState;
    instance.state = to;
    this.emit(instance, from, to);
  }

  private emit(instance: StoredResource, from: InstanceLifecycleState | undefined, to: InstanceLifecycleState): void {
    for (const listener of this.listeners) listener(instance, from, to);
  }
}
