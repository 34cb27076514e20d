import {
  AllocateAddressCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeNatGatewaysCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  ReleaseAddressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAwsEmulator, type AwsEmulator } from './aws-emulator.js';
import { ec2ClientFor } from './test-support/aws-test-clients.js';

let emulator: AwsEmulator;
let client: EC2Client;

beforeEach(async () => {
  emulator = await startAwsEmulator({ clock: { mode: 'manual' }, lifecycle: { bootDelayMilliseconds: 1_000, terminationDelayMilliseconds: 1_000 }, natGatewayTransitionMilliseconds: 30_000 });
  client = ec2ClientFor(emulator);
});

afterEach(async () => {
  client.destroy();
  await emulator.stop();
});

describe('VPC networking', () => {
  it('starts like a fresh account: one default VPC, tagged lookups by filter', async () => {
    const vpcs = await client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    expect(vpcs.Vpcs).toHaveLength(1);
    expect(vpcs.Vpcs?.[0]).toMatchObject({ CidrBlock: '172.31.0.0/16', IsDefault: true });
  });

  it('refuses deletions out of dependency order, as EC2 does', async () => {
    const vpc = await client.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'team', Value: 'net' }] }] }));
    const vpcId = vpc.Vpc?.VpcId ?? '';
    await expect(client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.10.0.0/24' }))).rejects.toMatchObject({ name: 'InvalidSubnet.Range' });
    const subnet = await client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.9.0.0/20', AvailabilityZone: 'us-east-1a' }));
    await expect(client.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.9.8.0/24' }))).rejects.toMatchObject({ name: 'InvalidSubnet.Conflict' });
    const subnetId = subnet.Subnet?.SubnetId ?? '';
    const gateway = await client.send(new CreateInternetGatewayCommand({}));
    const gatewayId = gateway.InternetGateway?.InternetGatewayId ?? '';
    await client.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
    const address = await client.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const nat = await client.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: address.AllocationId, ClientToken: 'nat-1' }));
    const natId = nat.NatGateway?.NatGatewayId ?? '';
    const again = await client.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: address.AllocationId, ClientToken: 'nat-1' }));
    expect(again.NatGateway?.NatGatewayId).toBe(natId);
    const group = await client.send(new CreateSecurityGroupCommand({ GroupName: 'nodes', Description: 'nodes', VpcId: vpcId }));
    const launched = await client.send(
      new RunInstancesCommand({ ImageId: emulator.ec2.images.values()[0]?.imageId, InstanceType: 't3.small', MinCount: 1, MaxCount: 1, SubnetId: subnetId, SecurityGroupIds: [group.GroupId ?? ''] }),
    );

    await expect(client.send(new DeleteVpcCommand({ VpcId: vpcId }))).rejects.toMatchObject({ name: 'DependencyViolation' });
    await expect(client.send(new DeleteSecurityGroupCommand({ GroupId: group.GroupId }))).rejects.toMatchObject({ name: 'DependencyViolation' });
    await expect(client.send(new DeleteSubnetCommand({ SubnetId: subnetId }))).rejects.toMatchObject({ name: 'DependencyViolation' });
    await expect(client.send(new ReleaseAddressCommand({ AllocationId: address.AllocationId }))).rejects.toMatchObject({ name: 'InvalidIPAddress.InUse' });
    await expect(client.send(new DetachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }))).rejects.toMatchObject({ name: 'DependencyViolation' });
    await expect(client.send(new DeleteInternetGatewayCommand({ InternetGatewayId: gatewayId }))).rejects.toMatchObject({ name: 'DependencyViolation' });

    await client.send(new TerminateInstancesCommand({ InstanceIds: [launched.Instances?.[0]?.InstanceId ?? ''] }));
    await client.send(new DeleteNatGatewayCommand({ NatGatewayId: natId }));
    const deleting = await client.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [natId] }));
    expect(deleting.NatGateways?.[0]?.State).toBe('deleting');
    await emulator.clock.advance(30_000);
    await client.send(new ReleaseAddressCommand({ AllocationId: address.AllocationId }));
    await client.send(new DetachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
    await client.send(new DeleteInternetGatewayCommand({ InternetGatewayId: gatewayId }));
    await client.send(new DeleteSecurityGroupCommand({ GroupId: group.GroupId }));
    await client.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
    await client.send(new DeleteVpcCommand({ VpcId: vpcId }));
    expect(emulator.inspect.resources({ kind: 'vpc' })).toHaveLength(1);
  });
});
