/**
 * Reads the emulated cloud through its own EC2 API (the real SDK, never the
 * provider under test), so end-to-end tests count what the cloud holds.
 */
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { readLocalCloudRecord } from '../local-cloud/local-cloud-record.js';
import { statePaths } from '../state/state-directory.js';

// The SDK's notice about future Node versions is noise in test output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export interface CloudInstance {
  instanceId: string;
  state: string;
  tags: Record<string, string>;
}

/** Instances tagged with the cluster that are not terminated or on their way there. */
export async function liveInstancesOfCluster(stateDirectory: string, clusterName: string): Promise<CloudInstance[]> {
  const record = await readLocalCloudRecord(statePaths(stateDirectory).localCloudRecord);
  if (!record) throw new Error(`no emulated cloud runs for ${stateDirectory}`);
  const client = new EC2Client({ endpoint: record.endpoint, region: record.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    const instances: CloudInstance[] = [];
    let nextToken: string | undefined;
    do {
      const answer = await client.send(
        new DescribeInstancesCommand({ Filters: [{ Name: 'tag:slipway-cluster-name', Values: [clusterName] }], ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      for (const instance of (answer.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? [])) {
        const state = instance.State?.Name ?? 'unknown';
        if (state === 'terminated' || state === 'shutting-down') continue;
        instances.push({
          instanceId: instance.InstanceId ?? '',
          state,
          tags: Object.fromEntries((instance.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
        });
      }
      nextToken = answer.NextToken;
    } while (nextToken);
    return instances;
  } finally {
    client.destroy();
  }
}
