/**
 * The factory's side of decision 0009: injected SDK clients go through the
 * provider's limiter, retries and counters, one that retries on its own is
 * refused before its first request, and close() releases only what the
 * factory built.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { TerminalError } from '@slipway/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAwsActuator } from './create-aws-actuator.js';
import { emulatorCredentials } from './test-support/aws-conformance-options.js';
import { openAwsTestWorld, testCluster, testMachine, type AwsTestWorld } from './test-support/aws-test-world.js';

let world: AwsTestWorld;

beforeEach(async () => {
  world = await openAwsTestWorld();
});

afterEach(async () => {
  await world.close();
});

const ec2Client = (maxAttempts: number) =>
  new EC2Client({ region: world.emulator.region, endpoint: world.emulator.endpoint, credentials: emulatorCredentials, maxAttempts });

describe('createAwsActuator with injected clients', () => {
  it('refuses an EC2 client that retries on its own, naming the setting, before any request', async () => {
    const ec2 = ec2Client(3);
    const actuators = createAwsActuator({ region: world.emulator.region, clock: world.emulator.clock, clients: { ec2 } });
    try {
      world.emulator.callLog.clear();
      const cluster = testCluster('alpha');
      const refusal = await actuators.machine.exists({ cluster, machine: testMachine('alpha', 'worker-1') }, world.context()).catch((caught: unknown) => caught);
      expect(TerminalError.isInstance(refusal) && refusal.reason).toBe('InvalidConfiguration');
      expect((refusal as Error).message).toMatch(/settings\.clients\.ec2 retries on its own \(maxAttempts 3\); build it with maxAttempts: 1/);
      expect(world.emulator.callLog.count()).toBe(0);
    } finally {
      await actuators.close();
      ec2.destroy();
    }
  });

  it('counts the calls of an injected client in statistics(), and leaves it open on close()', async () => {
    const ec2 = ec2Client(1);
    const actuators = createAwsActuator({ region: world.emulator.region, clock: world.emulator.clock, clients: { ec2 } });
    const cluster = testCluster('alpha');
    const answer = await actuators.machine.exists({ cluster, machine: testMachine('alpha', 'worker-1') }, world.context());
    expect(answer.exists).toBe(false);
    expect(actuators.statistics()).toEqual({ callsByOperation: { DescribeInstances: 1 }, retriesByCode: {}, throttledAnswers: 0, limiterWaits: {} });
    await actuators.close();
    // Still usable: it belongs to the caller.
    expect((await ec2.config.region())).toBe(world.emulator.region);
    const again = createAwsActuator({ region: world.emulator.region, clock: world.emulator.clock, clients: { ec2 } });
    expect((await again.machine.exists({ cluster, machine: testMachine('alpha', 'worker-2') }, world.context())).exists).toBe(false);
    await again.close();
    ec2.destroy();
  });
});
