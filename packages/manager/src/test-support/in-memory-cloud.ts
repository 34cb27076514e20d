/**
 * A cloud in memory, with actuators over it, for tests, the crash test and the
 * benchmark. Like a cloud without idempotency keys (OpenStack, Packet), every
 * `create` call makes a new instance tagged with the Machine's UID; the actuator
 * finds instances by that tag. So a controller that calls `create` twice for one
 * Machine leaves a visible duplicate, and one that drops a Machine before its
 * instance leaves a visible leak.
 *
 * With `journalPath`, every change is appended to a file and fsynced before the
 * call returns, so the cloud survives kill -9 of the process that drives it.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import {
  clusterNameOf,
  TransientError,
  type ClusterActuatorV1,
  type InstanceStateV1,
  type MachineActuatorResultV1,
  type MachineActuatorV1,
} from '@slipway/core';

export interface CloudInstance {
  providerID: string;
  machineUid: string;
  machineName: string;
  clusterName: string;
  state: InstanceStateV1;
  userData: string;
}

type Operation = 'create' | 'update' | 'exists' | 'delete' | 'clusterReconcile' | 'clusterDelete';

export interface InMemoryCloudOptions {
  journalPath?: string;
  /** State of a new instance (default running: a zero-latency cloud). */
  initialState?: InstanceStateV1;
}

type JournalEntry =
  | { operation: 'create'; instance: CloudInstance }
  | { operation: 'state'; providerID: string; state: InstanceStateV1 }
  | { operation: 'cluster'; name: string; present: boolean };

export class InMemoryCloud {
  readonly instances = new Map<string, CloudInstance>();
  readonly clusters = new Set<string>();
  /** Live instances by Machine UID: the ownership-tag lookup, kept fast for the benchmark. */
  private readonly byMachine = new Map<string, Set<string>>();
  readonly calls: Record<Operation, number> = { create: 0, update: 0, exists: 0, delete: 0, clusterReconcile: 0, clusterDelete: 0 };
  private readonly failures = new Map<Operation, Error[]>();
  private readonly initialState: InstanceStateV1;
  private readonly journal: number | undefined;
  private sequence = 0;

  constructor(options: InMemoryCloudOptions = {}) {
    this.initialState = options.initialState ?? 'running';
    if (options.journalPath !== undefined) {
      if (existsSync(options.journalPath)) this.replay(readFileSync(options.journalPath, 'utf8'));
      this.journal = openSync(options.journalPath, 'a');
    }
  }

  /** Instances not terminated. */
  liveInstances(): CloudInstance[] {
    return [...this.instances.values()].filter((instance) => instance.state !== 'terminated');
  }

  /** Live instances tagged with this Machine UID. */
  instancesOfMachine(machineUid: string): CloudInstance[] {
    const instances: CloudInstance[] = [];
    for (const providerID of this.byMachine.get(machineUid) ?? []) {
      const instance = this.instances.get(providerID);
      if (instance !== undefined && instance.state !== 'terminated') instances.push(instance);
    }
    return instances;
  }

  private track(instance: CloudInstance): void {
    if (instance.state === 'terminated') {
      this.byMachine.get(instance.machineUid)?.delete(instance.providerID);
      return;
    }
    let set = this.byMachine.get(instance.machineUid);
    if (set === undefined) {
      set = new Set();
      this.byMachine.set(instance.machineUid, set);
    }
    set.add(instance.providerID);
  }

  /** The next call of `operation` throws `error` (queue several for several calls). */
  failNext(operation: Operation, error: Error): void {
    const queue = this.failures.get(operation) ?? [];
    queue.push(error);
    this.failures.set(operation, queue);
  }

  setState(providerID: string, state: InstanceStateV1): void {
    const instance = this.instances.get(providerID);
    if (instance === undefined) throw new Error(`no instance ${providerID}`);
    instance.state = state;
    this.track(instance);
    this.append({ operation: 'state', providerID, state });
  }

  close(): void {
    if (this.journal !== undefined) closeSync(this.journal);
  }

  /** Throws the error queued for `operation`, if any, and counts the call. */
  call(operation: Operation): void {
    this.calls[operation] += 1;
    const error = this.failures.get(operation)?.shift();
    if (error !== undefined) throw error;
  }

  launch(instance: Omit<CloudInstance, 'providerID' | 'state'>): CloudInstance {
    this.sequence += 1;
    const created: CloudInstance = {
      ...instance,
      providerID: `memory:///zone-a/i-${process.pid.toString(16)}-${Date.now().toString(16)}-${this.sequence}`,
      state: this.initialState,
    };
    this.instances.set(created.providerID, created);
    this.track(created);
    this.append({ operation: 'create', instance: created });
    return created;
  }

  terminate(providerID: string): void {
    const instance = this.instances.get(providerID);
    if (instance === undefined || instance.state === 'terminated') return;
    instance.state = 'terminated';
    this.track(instance);
    this.append({ operation: 'state', providerID, state: 'terminated' });
  }

  setCluster(name: string, present: boolean): void {
    if (present) this.clusters.add(name);
    else this.clusters.delete(name);
    this.append({ operation: 'cluster', name, present });
  }

  private append(entry: JournalEntry): void {
    if (this.journal === undefined) return;
    writeSync(this.journal, `${JSON.stringify(entry)}\n`);
    fsyncSync(this.journal);
  }

  private replay(text: string): void {
    for (const line of text.split('\n')) {
      if (line === '') continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        // A line torn by kill -9 mid-write: its call never returned.
        continue;
      }
      if (entry.operation === 'create') {
        this.instances.set(entry.instance.providerID, entry.instance);
        this.track(entry.instance);
      } else if (entry.operation === 'state') {
        const instance = this.instances.get(entry.providerID);
        if (instance !== undefined) {
          instance.state = entry.state;
          this.track(instance);
        }
      } else if (entry.present) this.clusters.add(entry.name);
      else this.clusters.delete(entry.name);
    }
  }
}

function findByMachine(cloud: InMemoryCloud, machineUid: string): CloudInstance | undefined {
  return cloud.instancesOfMachine(machineUid)[0];
}

function resultOf(instance: CloudInstance): MachineActuatorResultV1 {
  return {
    providerID: instance.providerID,
    instanceState: instance.state,
    addresses: [{ type: 'InternalIP', address: `10.0.${instance.providerID.length % 250}.${(instance.providerID.charCodeAt(instance.providerID.length - 1) % 250) + 1}` }],
    providerStatus: { instanceId: instance.providerID.slice(instance.providerID.lastIndexOf('/') + 1) },
  };
}

export function createInMemoryActuators(cloud: InMemoryCloud): { machine: MachineActuatorV1; cluster: ClusterActuatorV1 } {
  const machine: MachineActuatorV1 = {
    specificationVersion: 'v1',
    capabilities: { orphanListing: true, inPlaceUpdate: true },
    async create({ machine: target, bootstrapData }) {
      cloud.call('create');
      const uid = target.metadata.uid ?? '';
      return resultOf(
        cloud.launch({
          machineUid: uid,
          machineName: target.metadata.name ?? '',
          clusterName: clusterNameOf(target) ?? '',
          userData: bootstrapData.userData,
        }),
      );
    },
    async update({ machine: target }) {
      cloud.call('update');
      const instance = findByMachine(cloud, target.metadata.uid ?? '');
      if (instance === undefined) throw new TransientError(`no instance for machine ${target.metadata.name} yet`);
      return resultOf(instance);
    },
    async exists({ machine: target }) {
      cloud.call('exists');
      const instance = findByMachine(cloud, target.metadata.uid ?? '');
      return instance === undefined
        ? { exists: false }
        : { exists: true, providerID: instance.providerID, instanceState: instance.state, addresses: resultOf(instance).addresses };
    },
    async delete({ machine: target }) {
      cloud.call('delete');
      for (const instance of cloud.instancesOfMachine(target.metadata.uid ?? '')) cloud.terminate(instance.providerID);
      return { gone: true };
    },
    async listOwnedInstances({ cluster }) {
      return cloud
        .liveInstances()
        .filter((instance) => instance.clusterName === cluster.metadata.name)
        .map((instance) => ({
          providerID: instance.providerID,
          clusterName: instance.clusterName,
          machineName: instance.machineName,
          machineUid: instance.machineUid,
          instanceState: instance.state,
        }));
    },
  };
  const cluster: ClusterActuatorV1 = {
    specificationVersion: 'v1',
    async reconcile({ cluster: target }) {
      cloud.call('clusterReconcile');
      if (!cloud.clusters.has(target.metadata.name ?? '')) cloud.setCluster(target.metadata.name ?? '', true);
      return { apiEndpoints: [{ host: `${target.metadata.name}.api.internal`, port: 6443 }], providerStatus: { network: `net-${target.metadata.name}` } };
    },
    async delete({ cluster: target }) {
      cloud.call('clusterDelete');
      cloud.setCluster(target.metadata.name ?? '', false);
      return { gone: true };
    },
  };
  return { machine, cluster };
}
