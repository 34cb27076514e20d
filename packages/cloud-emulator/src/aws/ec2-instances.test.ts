import {
  CreateTagsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSubnetsCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAwsEmulator, type AwsEmulator } from './aws-emulator.js';
import { ec2ClientFor } from './test-support/aws-test-clients.js';

let emulator: AwsEmulator;
let client: EC2Client;

beforeEach(async () => {
  emulator = await startAwsEmulator({ clock: { mode: 'manual', startAt: Date.parse('2026-01-01T00:00:00Z') }, lifecycle: { bootDelayMilliseconds: 20_000, terminationDelayMilliseconds: 10_000 } });
  client = ec2ClientFor(emulator);
});

afterEach(async () => {
  client.destroy();
  await emulator.stop();
});

async function firstImageId(): Promise<string> {
  const images = await client.send(new DescribeImagesCommand({ Owners: ['099720109477'] }));
  const imageId = images.Images?.[0]?.ImageId;
  if (!imageId) throw new Error('the emulator seeds public images');
  return imageId;
}

async function runInput(overrides: Partial<RunInstancesCommandInput> = {}): Promise<RunInstancesCommandInput> {
  return { ImageId: await firstImageId(), InstanceType: 't3.small', MinCount: 1, MaxCount: 1, ...overrides };
}

describe('RunInstances', () => {
  it('launches a pending instance that runs after the boot delay, with tags, metadata options and placement', async () => {
    const reply = await client.send(
      new RunInstancesCommand(
        await runInput({
          ClientToken: 'token-1',
          MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'slipway-cluster-name', Value: 'alpha' }] }],
          Placement: { AvailabilityZone: 'us-east-1b' },
        }),
      ),
    );
    const instance = reply.Instances?.[0];
    expect(instance?.State?.Name).toBe('pending');
    expect(instance?.Placement?.AvailabilityZone).toBe('us-east-1b');
    expect(instance?.MetadataOptions?.HttpTokens).toBe('required');
    expect(instance?.Tags).toEqual([{ Key: 'slipway-cluster-name', Value: 'alpha' }]);
    expect(instance?.PrivateIpAddress).toMatch(/^172\.31\.16\.\d+$/);

    await emulator.clock.advance(20_000);
    const described = await client.send(new DescribeInstancesCommand({ InstanceIds: [instance?.InstanceId ?? ''] }));
    expect(described.Reservations?.[0]?.Instances?.[0]?.State).toEqual({ Code: 16, Name: 'running' });
    expect(emulator.inspect.instances({ tags: { 'slipway-cluster-name': 'alpha' } })).toHaveLength(1);
  });

  it('answers a repeated ClientToken with the same reservation, and a changed request with IdempotentParameterMismatch', async () => {
    const input = await runInput({ ClientToken: 'same-token' });
    const first = await client.send(new RunInstancesCommand(input));
    const second = await client.send(new RunInstancesCommand(input));
    expect(second.ReservationId).toBe(first.ReservationId);
    expect(second.Instances?.map((instance) => instance.InstanceId)).toEqual(first.Instances?.map((instance) => instance.InstanceId));
    await expect(client.send(new RunInstancesCommand({ ...input, InstanceType: 'm5.large' }))).rejects.toMatchObject({ name: 'IdempotentParameterMismatch' });
    expect(emulator.inspect.instances()).toHaveLength(1);
  });

  it('refuses unknown images, subnets and oversized user data with EC2 codes', async () => {
    await expect(client.send(new RunInstancesCommand(await runInput({ ImageId: 'ami-0123456789abcdef0' })))).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
    await expect(client.send(new RunInstancesCommand(await runInput({ SubnetId: 'subnet-0123456789abcdef0' })))).rejects.toMatchObject({ name: 'InvalidSubnetID.NotFound' });
    const tooLarge = Buffer.alloc(16_385, 'a').toString('base64');
    await expect(client.send(new RunInstancesCommand(await runInput({ UserData: tooLarge })))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    expect(emulator.inspect.instances()).toHaveLength(0);
  });

  it('enforces capacity, vCPU and instance quotas', async () => {
    emulator.ec2.capacity.set('t3.small', 0);
    await expect(client.send(new RunInstancesCommand(await runInput()))).rejects.toMatchObject({ name: 'InsufficientInstanceCapacity' });
    emulator.ec2.capacity.clear();
    emulator.ec2.vcpuLimit = 2;
    await client.send(new RunInstancesCommand(await runInput()));
    await expect(client.send(new RunInstancesCommand(await runInput()))).rejects.toMatchObject({ name: 'VcpuLimitExceeded' });
    emulator.ec2.vcpuLimit = undefined;
    emulator.faults.quota({ instance: 1 });
    await expect(client.send(new RunInstancesCommand(await runInput()))).rejects.toMatchObject({ name: 'InstanceLimitExceeded' });
  });

  it('answers RequestLimitExceeded once the RunInstances bucket (5, then 2 per second) is empty', async () => {
    emulator.faults.throttle(true);
    const input = await runInput();
    for (let index = 0; index < 5; index += 1) await client.send(new RunInstancesCommand(input));
    await expect(client.send(new RunInstancesCommand(input))).rejects.toMatchObject({ name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 503 } });
    await emulator.clock.advance(500);
    await client.send(new RunInstancesCommand(input));
    expect(emulator.callLog.countByOutcome('throttled')).toBe(1);
  });
});

describe('DescribeInstances', () => {
  it('hides a new instance for the consistency window: by id it is InvalidInstanceID.NotFound', async () => {
    emulator.faults.eventualConsistency({ invisibleForMilliseconds: 2_000, kinds: ['instance'] });
    const reply = await client.send(new RunInstancesCommand(await runInput()));
    const instanceId = reply.Instances?.[0]?.InstanceId ?? '';
    await expect(client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    await expect(client.send(new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: 'a', Value: 'b' }] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    const listed = await client.send(new DescribeInstancesCommand({}));
    expect(listed.Reservations ?? []).toHaveLength(0);
    await emulator.clock.advance(2_000);
    const found = await client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(found.Reservations?.[0]?.Instances?.[0]?.InstanceId).toBe(instanceId);
  });

  it('pages with MaxResults and NextToken and filters by tag, tag-key and state', async () => {
    const tagged = await runInput({ MinCount: 7, MaxCount: 7, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'blue' }] }] });
    await client.send(new RunInstancesCommand(tagged));
    await client.send(new RunInstancesCommand(await runInput()));
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:team', Values: ['blue'] }], MaxResults: 5, NextToken: nextToken }));
      pages += 1;
      for (const reservation of page.Reservations ?? []) for (const instance of reservation.Instances ?? []) seen.push(instance.InstanceId ?? '');
      nextToken = page.NextToken;
    } while (nextToken && pages < 10);
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(7);
    const byKey = await client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag-key', Values: ['team'] }, { Name: 'instance-state-name', Values: ['pending'] }] }));
    expect(byKey.Reservations?.flatMap((reservation) => reservation.Instances ?? [])).toHaveLength(7);
    await expect(client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(client.send(new DescribeInstancesCommand({ MaxResults: 3 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('TerminateInstances', () => {
  it('moves through shutting-down to terminated, stays listed, and is idempotent', async () => {
    const reply = await client.send(new RunInstancesCommand(await runInput()));
    const instanceId = reply.Instances?.[0]?.InstanceId ?? '';
    const first = await client.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    expect(first.TerminatingInstances?.[0]?.CurrentState?.Name).toBe('shutting-down');
    const again = await client.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    expect(again.TerminatingInstances?.[0]?.PreviousState?.Name).toBe('shutting-down');
    await emulator.clock.advance(10_000);
    const described = await client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['terminated'] }] }));
    expect(described.Reservations?.[0]?.Instances?.[0]?.InstanceId).toBe(instanceId);
    await expect(client.send(new TerminateInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] }))).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
  });
});

describe('the service model check', () => {
  it('refuses parameters the official EC2 model does not have', async () => {
    const subnets = await client.send(new DescribeSubnetsCommand({}));
    expect(subnets.Subnets).toHaveLength(3);
    const response = await fetch(emulator.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeInstances&Version=2016-11-15&InstanceIdz.1=i-1',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>UnknownParameter</Code>');
    const unknownAction = await fetch(emulator.endpoint, { method: 'POST', body: 'Action=LaunchRockets&Version=2016-11-15' });
    expect(await unknownAction.text()).toContain('<Code>InvalidAction</Code>');
  });
});
