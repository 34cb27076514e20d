/**
 * What the machine and cluster actuators share: the API client, the name
 * lookups, and short-lived answers about a cluster's own resources (its
 * security groups, control-plane server group, API server pool), so a burst of
 * machines asks once per interval, not once a machine.
 */
import type { ActuatorContextV1, ClockV1 } from '@slipway/core';
import { listAll } from './api/list-all.js';
import type { OpenStackApiClient } from './api/openstack-api-client.js';
import { OpenStackLookups } from './api/openstack-lookups.js';

type Context = Pick<ActuatorContextV1, 'signal'>;

export class OpenStackConnection {
  readonly api: OpenStackApiClient;
  readonly lookups: OpenStackLookups;
  readonly describeIntervalMs: number;
  private readonly clock: ClockV1;
  private readonly answers = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(api: OpenStackApiClient, clock: ClockV1, describeIntervalMs: number) {
    this.api = api;
    this.clock = clock;
    this.describeIntervalMs = describeIntervalMs;
    this.lookups = new OpenStackLookups(api, clock);
  }

  /** Ids of the security groups tagged with the cluster. */
  clusterSecurityGroups(clusterTag: string, context: Context): Promise<string[]> {
    return this.remembered(`security-groups:${clusterTag}`, async () =>
      (await listAll<{ id: string }>(this.api, 'network.security-groups.list', '/security-groups', 'security_groups', { tags: clusterTag }, context)).map((group) => group.id),
    );
  }

  /** The oldest network tagged with the cluster (the managed one), when the cluster actuator made it. */
  clusterNetworkId(clusterTag: string, context: Context): Promise<string | undefined> {
    return this.remembered(`network:${clusterTag}`, async () => {
      const networks = await listAll<{ id: string; created_at?: string }>(this.api, 'network.networks.list', '/networks', 'networks', { tags: clusterTag }, context);
      return [...networks].sort((left, right) => (Date.parse(left.created_at ?? '') || 0) - (Date.parse(right.created_at ?? '') || 0))[0]?.id;
    });
  }

  /** The id of the server group of this name, when there is one. */
  serverGroupNamed(name: string, context: Context): Promise<string | undefined> {
    return this.remembered(`server-group:${name}`, async () => {
      const reply = await this.api.request<{ server_groups: { id: string; name: string }[] }>('compute.os-server-groups.list', { method: 'GET', path: '/os-server-groups' }, context);
      return reply.body.server_groups.find((group) => group.name === name)?.id;
    });
  }

  /** The cluster's API server pool (Octavia), when the cluster actuator made one. */
  apiServerPoolId(clusterTag: string, context: Context): Promise<string | undefined> {
    return this.remembered(`pool:${clusterTag}`, async () => {
      const reply = await this.api.request<{ pools: { id: string }[] }>('load-balancer.pools.list', { method: 'GET', path: '/lbaas/pools', query: { tags: clusterTag } }, context);
      return reply.body.pools[0]?.id;
    });
  }

  /** Drops remembered answers about a cluster (after the cluster actuator changed it). */
  forgetCluster(): void {
    this.answers.clear();
  }

  private remembered<T>(key: string, ask: () => Promise<T>): Promise<T> {
    const known = this.answers.get(key);
    if (known !== undefined && this.clock.now() - known.at < this.describeIntervalMs) return known.value as Promise<T>;
    const value = ask();
    this.answers.set(key, { at: this.clock.now(), value });
    value.catch(() => this.answers.delete(key));
    return value;
  }
}
