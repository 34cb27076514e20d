import { EC2Client } from '@aws-sdk/client-ec2';
import { TerminalError, type Cluster } from '@slipway/core';
import { ownershipTagKeys } from '@slipway/provider-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAwsActuator, type AwsActuators } from '../create-aws-actuator.js';
import { emulatorCredentials } from '../test-support/aws-conformance-options.js';
import { openAwsTestWorld, testCluster, testMachine, withReconcileResult, type AwsTestWorld } from '../test-support/aws-test-world.js';

let world: AwsTestWorld;

beforeEach(async () => {
  world = await openAwsTestWorld();
});

afterEach(async () => {
  await world.close();
});

const ownedBy = (clusterName: string) => ({ [ownershipTagKeys.clusterName]: clusterName });

function ownedCounts(clusterName: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of world.emulator.inspect.resources({ tags: ownedBy(clusterName) })) {
    if (resource.kind === 'instance' && (resource.state === 'terminating' || resource.state === 'terminated')) continue;
    counts[resource.kind] = (counts[resource.kind] ?? 0) + 1;
  }
  return counts;
}

async function deleteUntilGone(cluster: Cluster): Promise<number> {
  for (let call = 1; call <= 20; call += 1) {
    const result = await world.actuators.cluster.delete({ cluster }, world.context());
    if (result.gone) return call;
    await world.emulator.clock.advance(result.requeueAfterMs ?? 15_000);
  }
  throw new Error('cluster delete did not finish in 20 calls');
}

describe('a managed network', () => {
  it('creates the VPC, a public and a private subnet per zone, gateways, routes, groups and the load balancer, all owned by the cluster', async () => {
    const cluster = testCluster('alpha', { network: { managed: { cidrBlock: '10.1.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b'] } } });
    const result = await world.actuators.cluster.reconcile({ cluster }, world.context());

    expect(ownedCounts('alpha')).toEqual({
      vpc: 1,
      subnet: 4,
      'internet-gateway': 1,
      'elastic-ip': 1,
      natgateway: 1,
      'route-table': 2,
      'security-group': 2,
      'load-balancer': 1,
      'target-group': 1,
    });
    const status = result.providerStatus ?? {};
    expect(result.apiEndpoints).toEqual([{ host: status['loadBalancerDnsName'], port: 6443 }]);
    const vpc = world.emulator.ec2.vpcs.get(String(status['vpcId']));
    expect(vpc).toMatchObject({ cidrBlock: '10.1.0.0/16', enableDnsHostnames: true });
    const privateSubnets = (status['privateSubnetIds'] as string[]).map((id) => world.emulator.ec2.subnets.get(id));
    expect(privateSubnets.map((subnet) => [subnet?.cidrBlock, subnet?.availabilityZone, subnet?.mapPublicIpOnLaunch])).toEqual([
      ['10.1.16.0/20', 'us-east-1a', false],
      ['10.1.48.0/20', 'us-east-1b', false],
    ]);
    const tables = world.emulator.ec2.routeTables.values().filter((table) => table.vpcId === vpc?.vpcId && !table.associations.some((association) => association.main));
    const defaultRoutes = tables.map((table) => table.routes.find((route) => route.destinationCidrBlock === '0.0.0.0/0'));
    expect(defaultRoutes.map((route) => route?.gatewayId ?? route?.natGatewayId)).toEqual([status['internetGatewayId'], status['natGatewayId']]);
    const controlPlane = world.emulator.ec2.securityGroups.get(String(status['controlPlaneSecurityGroupId']));
    expect(controlPlane?.ingress).toContainEqual({ ipProtocol: 'tcp', fromPort: 6443, toPort: 6443, cidrBlocks: ['0.0.0.0/0', '10.1.0.0/16'], sourceGroupIds: [] });
    expect(controlPlane?.ingress).toContainEqual({ ipProtocol: 'tcp', fromPort: 2379, toPort: 2380, cidrBlocks: ['10.1.0.0/16'], sourceGroupIds: [] });
    const [listener] = world.emulator.loadBalancing.listeners.values();
    expect(listener).toMatchObject({ port: 6443, protocol: 'TCP' });
  });

  it('reconciles again without creating anything', async () => {
    const cluster = testCluster('alpha');
    const first = await world.actuators.cluster.reconcile({ cluster }, world.context());
    world.emulator.callLog.clear();
    const second = await world.actuators.cluster.reconcile({ cluster }, world.context());
    expect(second).toEqual(first);
    const changes = Object.keys(world.emulator.callLog.countsByAction()).filter((action) => !/Describe/.test(action));
    expect(changes).toEqual([]);
  });

  it('deletes everything it owns in dependency order, waiting for machines and the NAT gateway', async () => {
    const cluster = testCluster('alpha');
    const ready = withReconcileResult(cluster, await world.actuators.cluster.reconcile({ cluster }, world.context()));
    const machine = testMachine('alpha', 'control-plane-1', { controlPlane: true });
    const created = await world.actuators.machine.create({ cluster: ready, machine, bootstrapData: { userData: '#cloud-config\n' } }, world.context());

    expect(await world.actuators.cluster.delete({ cluster: ready }, world.context())).toEqual({ gone: false, requeueAfterMs: 15_000 });
    expect(ownedCounts('alpha')['vpc']).toBe(1);
    await world.actuators.machine.delete({ cluster: ready, machine: { ...machine, spec: { ...machine.spec, providerID: created.providerID } } }, world.context());

    const calls = await deleteUntilGone(ready);
    expect(calls).toBeGreaterThan(1);
    expect(ownedCounts('alpha')).toEqual({});
    expect(world.emulator.inspect.resources({ kind: 'vpc' })).toHaveLength(1);
    expect(await world.actuators.cluster.delete({ cluster: ready }, world.context())).toEqual({ gone: true });
  });
});

describe('an existing network', () => {
  it('uses the given VPC and subnets and creates only security groups and the load balancer', async () => {
    const [vpc] = world.emulator.ec2.vpcs.values();
    const subnets = world.emulator.ec2.subnets.values();
    const cluster = testCluster('beta', {
      network: { existing: { vpcId: vpc?.vpcId, publicSubnetIds: [subnets[0]?.subnetId], privateSubnetIds: [subnets[1]?.subnetId] } },
    });
    const result = await world.actuators.cluster.reconcile({ cluster }, world.context());
    expect(result.providerStatus).toMatchObject({ vpcId: vpc?.vpcId, managedNetwork: false, privateSubnetIds: [subnets[1]?.subnetId], privateSubnetZones: ['us-east-1b'] });
    expect(ownedCounts('beta')).toEqual({ 'security-group': 2, 'load-balancer': 1, 'target-group': 1 });
    await deleteUntilGone(cluster);
    expect(ownedCounts('beta')).toEqual({});
    expect(world.emulator.ec2.vpcs.get(vpc?.vpcId ?? '')).toBeDefined();
  });

  it('refuses a VPC that does not exist, and a region other than the provider’s, creating nothing', async () => {
    const missing = testCluster('gamma', { network: { existing: { vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0123456789abcdef0'] } } });
    const error = await world.actuators.cluster.reconcile({ cluster: missing }, world.context()).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(error) && error.reason).toBe('InvalidConfiguration');

    const elsewhere = testCluster('gamma', { region: 'eu-west-1' });
    const region = await world.actuators.cluster.reconcile({ cluster: elsewhere }, world.context()).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(region) && region.message).toContain('spec.providerSpec.value.region');
    expect(ownedCounts('gamma')).toEqual({});
  });
});

/** An actuator over an EC2 client of the test's own, whose middleware sees (and may act before) every command: a real SDK client, nothing stubbed. */
function actuatorsWatching(beforeSend: (commandName: string, input: Record<string, unknown>) => void): AwsActuators {
  const ec2 = new EC2Client({ region: world.emulator.region, endpoint: world.emulator.endpoint, credentials: emulatorCredentials, maxAttempts: 1 });
  ec2.middlewareStack.add(
    (next, context) => async (args) => {
      beforeSend(String(context.commandName), args.input as Record<string, unknown>);
      return next(args);
    },
    { step: 'initialize', name: 'testWatcher' },
  );
  return createAwsActuator({ region: world.emulator.region, endpoint: world.emulator.endpoint, credentials: emulatorCredentials, clock: world.emulator.clock, clients: { ec2 } });
}

describe('checked against what EC2 does', () => {
  it('asks DescribeSubnets for each subnet once when one subnet is both public and private', async () => {
    const [vpc] = world.emulator.ec2.vpcs.values();
    const [subnet] = world.emulator.ec2.subnets.values();
    const asked: unknown[] = [];
    const actuators = actuatorsWatching((command, input) => {
      if (command === 'DescribeSubnetsCommand' && input['SubnetIds'] !== undefined) asked.push(input['SubnetIds']);
    });
    try {
      const cluster = testCluster('delta', { network: { existing: { vpcId: vpc?.vpcId, publicSubnetIds: [subnet?.subnetId], privateSubnetIds: [subnet?.subnetId] } } });
      await actuators.cluster.reconcile({ cluster }, world.context());
      expect(asked).toEqual([[subnet?.subnetId]]);
      await deleteUntilGone(cluster);
    } finally {
      await actuators.close();
    }
  });

  it('on InvalidPermission.Duplicate (a rule added meanwhile) reads the group again and adds what is still missing', async () => {
    let added = false;
    const actuators = actuatorsWatching((command, input) => {
      if (command !== 'AuthorizeSecurityGroupIngressCommand' || added) return;
      // Someone else adds the etcd rule between Slipway's read of the group and its write.
      const groupId = String(input['GroupId']);
      world.emulator.ec2.securityGroups.get(groupId)!.ingress.push({ ipProtocol: 'tcp', fromPort: 2379, toPort: 2380, cidrBlocks: ['10.1.0.0/16'], sourceGroupIds: [] });
      added = true;
    });
    try {
      world.emulator.callLog.clear();
      const cluster = testCluster('epsilon', { network: { managed: { cidrBlock: '10.1.0.0/16', availabilityZones: ['us-east-1a'] } } });
      await actuators.cluster.reconcile({ cluster }, world.context());
      const authorizations = world.emulator.callLog.entries().filter((entry) => entry.action === 'AuthorizeSecurityGroupIngress');
      expect(authorizations.map((entry) => entry.errorCode ?? 'ok')).toEqual(['InvalidPermission.Duplicate', 'ok', 'ok']);
      const [controlPlane] = world.emulator.inspect.resources({ kind: 'security-group', tags: { ...ownedBy('epsilon'), 'slipway-resource-role': 'control-plane-security-group' } });
      const rules = world.emulator.ec2.securityGroups.get(controlPlane!.id)!.ingress;
      expect(rules.filter((rule) => rule.fromPort === 2379)).toHaveLength(1);
      expect(rules).toContainEqual({ ipProtocol: 'tcp', fromPort: 6443, toPort: 6443, cidrBlocks: ['0.0.0.0/0', '10.1.0.0/16'], sourceGroupIds: [] });
      expect(rules).toHaveLength(9);
      await deleteUntilGone(cluster);
    } finally {
      await actuators.close();
    }
  });
});
