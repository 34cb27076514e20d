/**
 * The conformance kit's view of a real Metal API project: every device and IP
 * reservation tagged by a conformance cluster, read through the generated
 * client (never through the actuator under test), refreshed after each actuator
 * call and in the background. On stop it deletes what conformance left behind.
 * A real cloud takes no fault orders, so the fault checks show as skipped.
 */
import type { ConformanceCallLog, ConformanceEmulator, ConformanceInspectFilter, ConformanceResourceView } from '@slipway/conformance';
import { refreshedAfterEachCall } from '@slipway/conformance';
import type { MachineActuatorV1 } from '@slipway/core';
import { ownershipTagKeys } from '@slipway/provider-utils';
import type { PacketActuators } from '../create-packet-actuator.js';
import type { MetalClient, MetalDevice } from '../api/packet-sdk-clients.js';
import { instanceStateOf } from '../machine/packet-device-state.js';

export interface MetalSideDoorOptions {
  metal: MetalClient;
  projectId: string;
  /** Only devices whose cluster tag starts with this are seen (and cleaned up). */
  clusterTagPrefix: string;
  /** Background refresh period, real milliseconds; default 2 000. */
  refreshIntervalMs?: number;
  onStop?: () => Promise<void>;
}

function tagRecord(tags: readonly string[]): Record<string, string> {
  return Object.fromEntries(tags.map((tag) => (tag.includes('=') ? [tag.slice(0, tag.indexOf('=')), tag.slice(tag.indexOf('=') + 1)] : [tag, ''])));
}

export class MetalSideDoor implements ConformanceEmulator {
  private readonly options: MetalSideDoorOptions;
  private snapshot: ConformanceResourceView[] = [];
  private actuators: PacketActuators | undefined;
  private readonly timer: NodeJS.Timeout;
  private refreshing: Promise<void> | undefined;

  readonly inspect = {
    instances: (filter: Omit<ConformanceInspectFilter, 'kind'> = {}) => this.select({ ...filter, kind: 'instance' }),
    resources: (filter: ConformanceInspectFilter = {}) => this.select(filter),
  };

  readonly callLog: ConformanceCallLog = {
    count: (action) => {
      const counts = this.actuators?.statistics().callsByOperation ?? {};
      return action === undefined ? Object.values(counts).reduce((total, count) => total + count, 0) : (counts[action] ?? 0);
    },
    countsByAction: () => ({ ...(this.actuators?.statistics().callsByOperation ?? {}) }),
    countByOutcome: () => 0,
  };

  readonly faults = { reset: () => {} };

  constructor(options: MetalSideDoorOptions) {
    this.options = options;
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), options.refreshIntervalMs ?? 2_000);
    this.timer.unref();
  }

  /** The actuators under test: their statistics are the call log, their machine actuator refreshes this view after each call. */
  attach(actuators: PacketActuators): MachineActuatorV1 {
    this.actuators = actuators;
    return refreshedAfterEachCall(actuators.machine, () => this.refresh());
  }

  refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.refresh().catch(() => undefined);
    for (const device of this.snapshot.filter((resource) => resource.kind === 'instance' && resource.state !== 'terminating')) {
      await this.options.metal.DELETE('/devices/{id}', { params: { path: { id: device.id }, query: { force_delete: true } } }).catch(() => undefined);
    }
    await this.actuators?.close();
    await this.options.onStop?.();
  }

  private ours(tags: Record<string, string>): boolean {
    return (tags[ownershipTagKeys.clusterName] ?? '').startsWith(this.options.clusterTagPrefix);
  }

  private async read(): Promise<void> {
    const { metal, projectId } = this.options;
    const devices: MetalDevice[] = [];
    for (let page = 1; ; page += 1) {
      const { data, error } = await metal.GET('/projects/{id}/devices', { params: { path: { id: projectId }, query: { page, per_page: 1_000 } } });
      if (error !== undefined || data === undefined) throw new Error(`listing devices of ${projectId} failed: ${JSON.stringify(error)}`);
      devices.push(...(data.devices ?? []));
      if (data.meta?.next === undefined) break;
    }
    const views: ConformanceResourceView[] = [];
    for (const device of devices) {
      const tags = tagRecord(device.tags ?? []);
      if (!this.ours(tags) || device.id === undefined) continue;
      views.push({
        kind: 'instance',
        id: device.id,
        state: instanceStateOf(device.state),
        tags,
        ...(device.userdata !== undefined ? { userData: Buffer.from(device.userdata, 'utf8') } : {}),
      });
    }
    this.snapshot = views;
  }

  private select(filter: ConformanceInspectFilter): ConformanceResourceView[] {
    return this.snapshot.filter(
      (resource) =>
        (filter.kind === undefined || resource.kind === filter.kind) &&
        Object.entries(filter.tags ?? {}).every(([key, value]) => resource.tags[key] === value),
    );
  }
}
