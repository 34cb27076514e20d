/**
 * Real AWS seen the way the conformance kit sees an emulator: a side door of
 * its own (a separate EC2 client describing the conformance clusters' instances
 * and their user data, never the provider's reads), a call log built from the
 * provider's own call counts, and no faults (the checks that need one show as
 * skipped). The side door is refreshed after every actuator call, so what the
 * kit inspects is what AWS answered right after the provider acted, and every
 * two seconds in between, for the kit's waits.
 */
import { gunzipSync } from 'node:zlib';
import { DescribeInstanceAttributeCommand, DescribeInstancesCommand, EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { refreshedAfterEachCall, type ConformanceEmulator, type ConformanceResourceView } from '@slipway/conformance';
import type { MachineActuatorV1 } from '@slipway/core';
import { ownershipTagKeys } from '@slipway/provider-utils';
import type { AwsActuators } from '../create-aws-actuator.js';

const kitStates: Record<string, string> = { 'shutting-down': 'terminating' };

export class LiveAwsCloud implements ConformanceEmulator {
  private readonly client = new EC2Client({});
  private snapshot: ConformanceResourceView[] = [];
  private readonly userData = new Map<string, Uint8Array>();
  private actuators: AwsActuators | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly poller: NodeJS.Timeout;

  constructor() {
    this.poller = setInterval(() => {
      this.refresh().catch(() => undefined);
    }, 2_000);
    this.poller.unref();
  }

  readonly inspect = {
    instances: (filter: { tags?: Record<string, string>; includeGone?: boolean } = {}) => this.view(filter),
    resources: (filter: { kind?: string; tags?: Record<string, string>; includeGone?: boolean } = {}) =>
      filter.kind === undefined || filter.kind === 'instance' ? this.view(filter) : [],
  };

  readonly callLog = {
    count: (action?: string) => {
      const counts = this.actuators?.api.callCounts() ?? {};
      return action === undefined ? Object.values(counts).reduce((total, count) => total + count, 0) : (counts[action] ?? 0);
    },
    countsByAction: () => ({ ...(this.actuators?.api.callCounts() ?? {}) }),
    countByOutcome: () => 0,
  };

  readonly faults = { reset: () => undefined };

  /** Wraps the provider's machine actuator so the side door is refreshed after each call. */
  watch(actuators: AwsActuators): MachineActuatorV1 {
    this.actuators = actuators;
    return refreshedAfterEachCall(actuators.machine, () => this.refresh());
  }

  /** One side-door read at a time; a caller arriving meanwhile waits for it and then reads again. */
  async refresh(): Promise<void> {
    while (this.refreshing) await this.refreshing.catch(() => undefined);
    this.refreshing = this.read();
    try {
      await this.refreshing;
    } finally {
      this.refreshing = undefined;
    }
  }

  private async read(): Promise<void> {
    const instances: Instance[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new DescribeInstancesCommand({ Filters: [{ Name: `tag:${ownershipTagKeys.clusterName}`, Values: ['conformance-*'] }], MaxResults: 1000, NextToken: nextToken }),
      );
      for (const reservation of page.Reservations ?? []) instances.push(...(reservation.Instances ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    for (const instance of instances) {
      const id = instance.InstanceId ?? '';
      if (this.userData.has(id) || instance.State?.Name === 'terminated') continue;
      const attribute = await this.client.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'userData' }));
      const encoded = attribute.UserData?.Value;
      if (encoded) {
        const bytes = Buffer.from(encoded, 'base64');
        this.userData.set(id, bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes);
      }
    }
    this.snapshot = instances.map((instance) => {
      const id = instance.InstanceId ?? '';
      const name = instance.State?.Name ?? 'unknown';
      const userData = this.userData.get(id);
      return {
        kind: 'instance',
        id,
        state: kitStates[name] ?? name,
        tags: Object.fromEntries((instance.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
        ...(userData !== undefined ? { userData } : {}),
      };
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.poller);
    await this.actuators?.close();
    this.client.destroy();
  }

  private view(filter: { tags?: Record<string, string>; includeGone?: boolean }): ConformanceResourceView[] {
    return this.snapshot.filter(
      (resource) =>
        (filter.includeGone || resource.state !== 'terminated') &&
        Object.entries(filter.tags ?? {}).every(([key, value]) => resource.tags[key] === value),
    );
  }
}
