/** Real AWS SDK clients pointed at an emulator, with SDK retries off so every fault reaches the test. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsEmulator } from '../aws-emulator.js';

const credentials = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' };

export function ec2ClientFor(emulator: AwsEmulator): EC2Client {
  return new EC2Client({ region: emulator.region, endpoint: emulator.endpoint, credentials, maxAttempts: 1 });
}

export function loadBalancingClientFor(emulator: AwsEmulator): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client({ region: emulator.region, endpoint: emulator.endpoint, credentials, maxAttempts: 1 });
}
