/**
 * The two AWS SDK clients the provider calls, built the one way the provider
 * wants them: the SDK's own retries off (every retry goes through AwsApiClient,
 * its token buckets and its counters) and keep-alive sockets without Nagle's
 * algorithm. A request's headers and body otherwise wait on a delayed ACK
 * (tens of ms), and jittery latency bunches paced requests into bursts the
 * server's bucket may refuse.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';

export type Ec2ClientConfiguration = NonNullable<ConstructorParameters<typeof EC2Client>[0]>;

export interface AwsSdkClients {
  ec2: EC2Client;
  loadBalancing: ElasticLoadBalancingV2Client;
}

export interface AwsSdkClientSettings {
  region?: string;
  credentials?: Ec2ClientConfiguration['credentials'];
  endpoint?: string;
  loadBalancingEndpoint?: string;
}

export function createAwsSdkClients(settings: AwsSdkClientSettings, given: Partial<AwsSdkClients> = {}): AwsSdkClients & { close(): void } {
  const connection = { keepAlive: true, maxSockets: 50, noDelay: true };
  const common = {
    ...(settings.region !== undefined ? { region: settings.region } : {}),
    ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
    maxAttempts: 1,
    requestHandler: { httpAgent: new HttpAgent(connection), httpsAgent: new HttpsAgent(connection) },
  };
  const ec2 = given.ec2 ?? new EC2Client({ ...common, ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}) });
  const loadBalancingEndpoint = settings.loadBalancingEndpoint ?? settings.endpoint;
  const loadBalancing =
    given.loadBalancing ?? new ElasticLoadBalancingV2Client({ ...common, ...(loadBalancingEndpoint !== undefined ? { endpoint: loadBalancingEndpoint } : {}) });
  let closed = false;
  return {
    ec2,
    loadBalancing,
    close: () => {
      if (closed) return;
      closed = true;
      // Only what was built here: clients handed in belong to whoever made them.
      if (given.ec2 === undefined) ec2.destroy();
      if (given.loadBalancing === undefined) loadBalancing.destroy();
    },
  };
}
