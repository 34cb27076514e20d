/**
 * A side door into a real Compute Engine project for the conformance kit: the
 * instances and disks of conformance clusters, read through the Compute API
 * with clients of its own (never through the provider under test). The kit
 * reads the side door synchronously, so it keeps a snapshot: refreshed after
 * every actuator call (the actuator is wrapped) and every few seconds in the
 * background. The provider's own call counts serve as the call log; a real
 * cloud injects no faults, so the checks that need them show as skipped.
 * On stop it deletes whatever conformance instances are left, so a failed run
 * does not keep billing.
 */
import { refreshedAfterEachCall, type ConformanceCallLog, type ConformanceEmulator, type ConformanceInspectFilter, type ConformanceResourceView } from '@slipway/conformance';
import type { MachineActuatorV1 } from '@slipway/core';
import { collectPages, ownershipTagKeys } from '@slipway/provider-utils';
import type { GcpApiClient } from '../api/gcp-api-client.js';
import type { GcpSdkClients } from '../api/gcp-sdk-clients.js';

export interface ComputeSideDoorOptions {
  clients: Pick<GcpSdkClients, 'instances' | 'disks'>;
  project: string;
  zone: string;
  /** Only resources whose cluster label starts with this are seen (and cleaned up). */
  clusterLabelPrefix: string;
  /** Background refresh period, real milliseconds; default 2 000. */
  refreshIntervalMs?: number;
  /** Runs after the clean-up on stop (closing clients, stopping an emulator behind the side door). */
  onStop?: () => Promise<void>;
}

const stateOfStatus: Record<string, string> = {
  PROVISIONING: 'pending',
  STAGING: 'pending',
  REPAIRING: 'pending',
  RUNNING: 'running',
  // Conformance never stops instances, so an instance on its way down is being deleted.
  STOPPING: 'terminating',
  SUSPENDING: 'stopping',
  SUSPENDED: 'stopped',
  STOPPED: 'stopped',
  TERMINATED: 'stopped',
};

export class ComputeSideDoor implements ConformanceEmulator {
  private readonly options: ComputeSideDoorOptions;
  private snapshot: ConformanceResourceView[] = [];
  private api: GcpApiClient | undefined;
  private readonly timer: NodeJS.Timeout;
  private refreshing: Promise<void> | undefined;

  readonly inspect = {
    instances: (filter: Omit<ConformanceInspectFilter, 'kind'> = {}) => this.select({ ...filter, kind: 'instance' }),
    resources: (filter: ConformanceInspectFilter = {}) => this.select(filter),
  };

  readonly callLog: ConformanceCallLog = {
    count: (action) => {
      const counts = this.api?.callCounts() ?? {};
      return action === undefined ? Object.values(counts).reduce((total, count) => total + count, 0) : (counts[action] ?? 0);
    },
    countsByAction: () => this.api?.callCounts() ?? {},
    countByOutcome: () => 0,
  };

  readonly faults = { reset: () => {} };

  constructor(options: ComputeSideDoorOptions) {
    this.options = options;
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), options.refreshIntervalMs ?? 2_000);
    this.timer.unref();
  }

  /** Counts the calls of this API client as the call log. */
  attach(api: GcpApiClient): void {
    this.api = api;
  }

  /** The actuator, with the snapshot refreshed after each of its calls. */
  wrap(actuator: MachineActuatorV1): MachineActuatorV1 {
    return refreshedAfterEachCall(actuator, () => this.refresh());
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
    const { clients, project, zone } = this.options;
    for (const instance of this.snapshot.filter((resource) => resource.kind === 'instance' && resource.state !== 'terminating')) {
      await clients.instances.delete({ project, zone, instance: instance.id.split('/').pop()! }).catch(() => undefined);
    }
    await this.options.onStop?.();
  }

  private ours(labels: Record<string, string> | null | undefined): boolean {
    return (labels?.[ownershipTagKeys.clusterName] ?? '').startsWith(this.options.clusterLabelPrefix);
  }

  private async read(): Promise<void> {
    const { clients, project, zone } = this.options;
    const filter = `labels.${ownershipTagKeys.clusterName}:*`;
    const instances = await collectPages(async (pageToken) => {
      const [items, , raw] = await clients.instances.list({ project, zone, filter, maxResults: 500, ...(pageToken ? { pageToken } : {}) }, { autoPaginate: false });
      return { items, nextPageToken: raw?.nextPageToken ?? undefined };
    });
    const disks = await collectPages(async (pageToken) => {
      const [items, , raw] = await clients.disks.list({ project, zone, filter, maxResults: 500, ...(pageToken ? { pageToken } : {}) }, { autoPaginate: false });
      return { items, nextPageToken: raw?.nextPageToken ?? undefined };
    });
    const views: ConformanceResourceView[] = [];
    for (const instance of instances) {
      if (!this.ours(instance.labels)) continue;
      const userData = instance.metadata?.items?.find((item) => item.key === 'user-data')?.value;
      views.push({
        kind: 'instance',
        id: `${zone}/${instance.name}`,
        state: stateOfStatus[String(instance.status)] ?? 'unknown',
        tags: { ...(instance.labels ?? {}) },
        ...(userData !== undefined && userData !== null ? { userData: Buffer.from(userData, 'utf8') } : {}),
      });
    }
    for (const disk of disks) {
      if (!this.ours(disk.labels)) continue;
      const user = disk.users?.[0]?.split('/').pop();
      views.push({ kind: 'disk', id: `${zone}/${disk.name}`, state: 'available', tags: { ...(disk.labels ?? {}) }, ...(user ? { ownerId: `${zone}/${user}` } : {}) });
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
