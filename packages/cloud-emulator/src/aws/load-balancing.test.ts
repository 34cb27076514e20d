import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { RunInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAwsEmulator, type AwsEmulator } from './aws-emulator.js';
import { ec2ClientFor, loadBalancingClientFor } from './test-support/aws-test-clients.js';

let emulator: AwsEmulator;
let client: ElasticLoadBalancingV2Client;
let ec2: EC2Client;

beforeEach(async () => {
  emulator = await startAwsEmulator({ clock: { mode: 'manual' }, lifecycle: { bootDelayMilliseconds: 5_000, terminationDelayMilliseconds: 5_000 }, loadBalancerProvisioningMilliseconds: 60_000 });
  client = loadBalancingClientFor(emulator);
  ec2 = ec2ClientFor(emulator);
});

afterEach(async () => {
  client.destroy();
  ec2.destroy();
  await emulator.stop();
});

describe('the ELBv2 emulator', () => {
  it('creates a network load balancer idempotently by name, provisioning then active, and refuses the name with other settings', async () => {
    const subnets = emulator.ec2.subnets.values().map((subnet) => subnet.subnetId);
    const input = { Name: 'alpha-api', Type: 'network' as const, Scheme: 'internet-facing' as const, Subnets: subnets.slice(0, 2), Tags: [{ Key: 'slipway-cluster-name', Value: 'alpha' }] };
    const first = await client.send(new CreateLoadBalancerCommand(input));
    const again = await client.send(new CreateLoadBalancerCommand(input));
    expect(again.LoadBalancers?.[0]?.LoadBalancerArn).toBe(first.LoadBalancers?.[0]?.LoadBalancerArn);
    expect(first.LoadBalancers?.[0]).toMatchObject({ Type: 'network', Scheme: 'internet-facing', State: { Code: 'provisioning' } });
    expect(first.LoadBalancers?.[0]?.DNSName).toMatch(/^alpha-api-.*\.elb\.us-east-1\.amazonaws\.com$/);
    await expect(client.send(new CreateLoadBalancerCommand({ ...input, Subnets: subnets.slice(0, 1) }))).rejects.toMatchObject({ name: 'DuplicateLoadBalancerNameException', Code: 'DuplicateLoadBalancerName' });
    await emulator.clock.advance(60_000);
    const described = await client.send(new DescribeLoadBalancersCommand({ Names: ['alpha-api'] }));
    expect(described.LoadBalancers?.[0]?.State?.Code).toBe('active');
    await expect(client.send(new DescribeLoadBalancersCommand({ Names: ['nobody'] }))).rejects.toMatchObject({ Code: 'LoadBalancerNotFound' });
    expect(emulator.inspect.resources({ kind: 'load-balancer', tags: { 'slipway-cluster-name': 'alpha' } })).toHaveLength(1);
  });

  it('registers instances, reports their health with their state, and keeps a target group in use from deletion', async () => {
    const subnets = emulator.ec2.subnets.values();
    const vpcId = subnets[0]?.vpcId;
    const balancer = await client.send(new CreateLoadBalancerCommand({ Name: 'beta-api', Type: 'network', Subnets: [subnets[0]?.subnetId ?? ''] }));
    const group = await client.send(new CreateTargetGroupCommand({ Name: 'beta-apiserver', Protocol: 'TCP', Port: 6443, VpcId: vpcId, TargetType: 'instance' }));
    const groupArn = group.TargetGroups?.[0]?.TargetGroupArn ?? '';
    const balancerArn = balancer.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
    await client.send(new CreateListenerCommand({ LoadBalancerArn: balancerArn, Protocol: 'TCP', Port: 6443, DefaultActions: [{ Type: 'forward', TargetGroupArn: groupArn }] }));
    const launched = await ec2.send(new RunInstancesCommand({ ImageId: emulator.ec2.images.values()[0]?.imageId, InstanceType: 't3.small', MinCount: 1, MaxCount: 1, SubnetId: subnets[0]?.subnetId }));
    const instanceId = launched.Instances?.[0]?.InstanceId ?? '';
    await client.send(new RegisterTargetsCommand({ TargetGroupArn: groupArn, Targets: [{ Id: instanceId }] }));
    const initial = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: groupArn }));
    expect(initial.TargetHealthDescriptions?.[0]).toMatchObject({ Target: { Id: instanceId, Port: 6443 }, TargetHealth: { State: 'initial' } });
    await emulator.clock.advance(5_000);
    const healthy = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: groupArn }));
    expect(healthy.TargetHealthDescriptions?.[0]?.TargetHealth?.State).toBe('healthy');
    await expect(client.send(new RegisterTargetsCommand({ TargetGroupArn: groupArn, Targets: [{ Id: 'i-0123456789abcdef0' }] }))).rejects.toMatchObject({ Code: 'InvalidTarget' });

    await expect(client.send(new DeleteTargetGroupCommand({ TargetGroupArn: groupArn }))).rejects.toMatchObject({ Code: 'ResourceInUse' });
    await client.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: balancerArn }));
    await client.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: balancerArn }));
    await client.send(new DeleteTargetGroupCommand({ TargetGroupArn: groupArn }));
    expect(emulator.inspect.resources({ kind: 'listener' })).toHaveLength(0);
    expect(emulator.inspect.resources({ kind: 'target-group' })).toHaveLength(0);
  });
});
