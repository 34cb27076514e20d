/**
 * The conformance kit against real AWS: the same suite as on the emulator,
 * with the provider reading its settings from the environment. It launches and
 * terminates t3.micro instances in the account's default VPC, so it runs only
 * when asked to (SLIPWAY_AWS_LIVE=1) and credentials and a region are set;
 * otherwise it shows as skipped. Checks that need an injected fault skip
 * themselves: real AWS offers no fault switches.
 *
 *   SLIPWAY_AWS_LIVE=1 AWS_PROFILE=... AWS_REGION=us-east-1 npx vitest run --config vitest.live.config.ts
 */
import { runActuatorConformance } from '@slipway/conformance';
import { describe, it } from 'vitest';
import { createAwsActuator } from './create-aws-actuator.js';
import { awsConformanceFixtures } from './test-support/aws-conformance-options.js';
import { LiveAwsCloud } from './test-support/live-aws-cloud.js';

const environment = process.env;
const hasCredentials = Boolean(environment['AWS_ACCESS_KEY_ID'] || environment['AWS_PROFILE'] || environment['AWS_WEB_IDENTITY_TOKEN_FILE']);
const hasRegion = Boolean(environment['AWS_REGION'] || environment['AWS_DEFAULT_REGION']);
const enabled = environment['SLIPWAY_AWS_LIVE'] === '1' && hasCredentials && hasRegion;

if (enabled) {
  runActuatorConformance<LiveAwsCloud>({
    name: 'aws-live',
    createEmulator: async () => {
      const cloud = new LiveAwsCloud();
      await cloud.refresh();
      return cloud;
    },
    createActuator: (cloud) => cloud.watch(createAwsActuator()),
    fixtures: {
      ...awsConformanceFixtures,
      machineProviderSpec: { ...awsConformanceFixtures.machineProviderSpec, instanceType: 't3.micro', rootVolume: { size: 8 } },
    },
    budget: { create: 2, exists: 1, delete: 3 },
    timeouts: { testMilliseconds: 600_000, settleMilliseconds: 300_000 },
  });
} else {
  describe('aws conformance against real AWS', () => {
    it.skip('needs SLIPWAY_AWS_LIVE=1, AWS credentials (AWS_ACCESS_KEY_ID or AWS_PROFILE) and AWS_REGION', () => undefined);
  });
}
