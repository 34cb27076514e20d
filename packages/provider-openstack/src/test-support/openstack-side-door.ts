/**
 * A side door into a real OpenStack project for the conformance kit: the
 * servers and ports of conformance clusters, read with an API client of its own
 * (never through the provider under test). The kit reads the side door
 * synchronously, so it keeps a snapshot, refreshed after every actuator call
 * (the actuator is wrapped) and every few seconds in the background. The
 * provider's own statistics serve as the call log; a real cloud injects no
 * faults, so the checks that need them show as skipped. On stop it deletes the
 * conformance servers and ports left, so a failed run does not keep billing.
 */
import { refreshedAfterEachCall, type ConformanceCallLog, type ConformanceEmulator, type ConformanceInspectFilter, type ConformanceResourceView } from '@slipway/conformance';
import type { MachineActuatorV1, ProviderStatisticsV1 } from '@slipway/core';
import { ownershipTagKeys } from '@slipway/provider-utils';
import { listAll } from '../api/list-all.js';
import type { OpenStackApiClient } from '../api/openstack-api-client.js';
import { instanceStateOf } from '../machine/openstack-instance-state.js';
import type { NeutronPort, NovaServer } from '../machine/openstack-server.js';

const context = { signal: new AbortController().signal };

function tagMap(tags: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).flatMap((tag) => (tag.includes('=') ? [[tag.slice(0, tag.indexOf('=')), tag.slice(tag.indexOf('=') + 1)]] : [])));
}

export class OpenStackSideDoor implements ConformanceEmulator {
  private readonly api: OpenStackApiClient;
  private readonly clusterPrefix: string;
  private snapshot: ConformanceResourceView[] = [];
  private statistics: (() => ProviderStatisticsV1) | undefined;
  private readonly timer: NodeJS.Timeout;
  private refreshing: Promise<void> | undefined;

  readonly inspect = {
    instances: (filter: Omit<ConformanceInspectFilter, 'kind'> = {}) => this.select({ ...filter, kind: 'instance' }),
    resources: (filter: ConformanceInspectFilter = {}) => this.select(filter),
  };

  readonly callLog: ConformanceCallLog = {
    count: (action) => {
      const counts = this.statistics?.().callsByOperation ?? {};
      return action === undefined ? Object.values(counts).reduce((total, count) => total + count, 0) : (counts[action] ?? 0);
    },
    countsByAction: () => ({ ...(this.statistics?.().callsByOperation ?? {}) }),
    countByOutcome: () => 0,
  };

  readonly faults = { reset: () => {} };

  constructor(api: OpenStackApiClient, clusterPrefix: string, refreshIntervalMs = 2_000) {
    this.api = api;
    this.clusterPrefix = clusterPrefix;
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), refreshIntervalMs);
    this.timer.unref();
  }

  attach(statistics: () => ProviderStatisticsV1): void {
    this.statistics = statistics;
  }

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
    for (const resource of this.snapshot) {
      const path = resource.kind === 'instance' ? `/servers/${resource.id}` : `/ports/${resource.id}`;
      await this.api.request(resource.kind === 'instance' ? 'compute.servers.delete' : 'network.ports.delete', { method: 'DELETE', path }, context).catch(() => undefined);
    }
    await this.api.close();
  }

  private ours(clusterName: string | undefined): boolean {
    return (clusterName ?? '').startsWith(this.clusterPrefix);
  }

  private async read(): Promise<void> {
    const servers = await listAll<NovaServer>(this.api, 'compute.servers.list', '/servers/detail', 'servers', {}, context);
    const ports = await listAll<NeutronPort>(this.api, 'network.ports.list', '/ports', 'ports', {}, context);
    const views: ConformanceResourceView[] = [];
    for (const server of servers) {
      if (!this.ours(server.metadata?.[ownershipTagKeys.clusterName])) continue;
      views.push({ kind: 'instance', id: server.id, state: instanceStateOf(server.status, server['OS-EXT-STS:task_state']), tags: { ...server.metadata } });
    }
    for (const port of ports) {
      const tags = tagMap(port.tags);
      if (!this.ours(tags[ownershipTagKeys.clusterName])) continue;
      views.push({ kind: 'port', id: port.id, state: 'available', tags, ...(port.device_id ? { ownerId: port.device_id } : {}) });
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
