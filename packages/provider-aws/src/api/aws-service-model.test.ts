/**
 * The development check against the official AWS service models: a whole
 * cluster lifecycle (network, load balancer, control-plane and worker
 * machines with every providerSpec option, update, exists, delete) runs on the
 * emulator, which refuses any operation or parameter the EC2 2016-11-15 and
 * ELBv2 2015-12-01 models do not define; every answer is parsed by the real
 * SDK. Then the actions used must be exactly the IAM permissions the README
 * documents.
 */
import { readFileSync } from 'node:fs';
import { ec2OperationMembers, loadBalancingOperationMembers } from '@slipway/cloud-emulator/aws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAwsTestWorld, testCluster, testMachine, withReconcileResult, type AwsTestWorld } from '../test-support/aws-test-world.js';

let world: AwsTestWorld;

beforeEach(async () => {
  world = await openAwsTestWorld({ emulator: { lifecycle: { bootDelayMilliseconds: 1_000, terminationDelayMilliseconds: 1_000 } } });
});

afterEach(async () => {
  await world.close();
});

async function runWholeLifecycle(): Promise<void> {
  // No zones given: the provider asks EC2 for the region's first one.
  const cluster = testCluster('model', { network: { managed: {} }, additionalTags: { project: 'model-check' } });
  const ready = withReconcileResult(cluster, await world.actuators.cluster.reconcile({ cluster }, world.context()));
  const subnetId = (ready.status?.providerStatus?.['privateSubnetIds'] as string[])[0];
  world.emulator.ec2.keyPairs.add('operators');
  const machines = [
    testMachine('model', 'control-plane-1', { controlPlane: true }),
    testMachine('model', 'worker-1', {
      providerSpec: {
        ami: { owners: ['099720109477'], filters: [{ name: 'name', values: ['ubuntu/images/hvm-ssd/ubuntu-noble-*'] }, { name: 'architecture', values: ['x86_64'] }] },
        instanceType: 'm5.large',
        subnet: { filters: [{ name: 'subnet-id', values: [subnetId] }] },
        securityGroups: [{ filters: [{ name: 'group-name', values: ['model-node'] }] }],
        iamInstanceProfile: 'slipway-nodes',
        keyName: 'operators',
        rootVolume: { size: 100, type: 'io1', encrypted: false },
        publicIP: false,
        availabilityZone: 'us-east-1a',
        spotMarketOptions: {},
        instanceMetadata: { httpTokens: 'optional', httpPutResponseHopLimit: 2 },
        additionalTags: { pool: 'spot' },
      },
    }),
  ];
  const providerIds: string[] = [];
  for (const machine of machines) {
    // The client-side RunInstances bucket holds one token: the second launch waits, so the manual clock must move.
    providerIds.push((await world.settle(world.actuators.machine.create({ cluster: ready, machine, bootstrapData: { userData: '#cloud-config\n' } }, world.context()))).providerID);
  }
  await world.emulator.clock.advance(2_000);
  for (const [index, machine] of machines.entries()) {
    const recorded = { ...machine, spec: { ...machine.spec, providerID: providerIds[index] } };
    await world.actuators.machine.update({ cluster: ready, machine: { ...recorded, metadata: { ...recorded.metadata, name: `${machine.metadata.name}-renamed` } } }, world.context());
    await world.actuators.machine.exists({ cluster: ready, machine: recorded }, world.context());
    await world.actuators.machine.listOwnedInstances?.({ cluster: ready }, world.context());
    await world.actuators.machine.delete({ cluster: ready, machine: recorded }, world.context());
  }
  for (let call = 0; call < 20; call += 1) {
    const result = await world.actuators.cluster.delete({ cluster: ready }, world.context());
    if (result.gone) return;
    await world.emulator.clock.advance(result.requeueAfterMs ?? 15_000);
  }
  throw new Error('cluster delete did not finish');
}

describe('requests against the official service models', { timeout: 30_000 }, () => {
  it('names only operations and parameters the EC2 and ELBv2 models define, and every answer parses', async () => {
    await runWholeLifecycle();
    const requests = world.emulator.requests();
    expect(requests.length).toBeGreaterThan(40);
    for (const request of requests) {
      const members = new Set((request.service === 'ec2' ? ec2OperationMembers : loadBalancingOperationMembers)[request.action] ?? []);
      expect(members.size, `${request.service}:${request.action} is not in the model`).toBeGreaterThan(0);
      for (const name of request.parameterNames) {
        if (name === 'Action' || name === 'Version') continue;
        expect(members.has(name.replace(/\.\d+(?=\.|$)/g, '.N')), `${request.action} sent ${name}`).toBe(true);
      }
    }
    const refused = world.emulator.callLog.entries().filter((entry) => entry.errorCode === 'UnknownParameter' || entry.errorCode === 'InvalidAction' || entry.errorCode === 'InternalEmulatorError');
    expect(refused).toEqual([]);
  });

  it('uses exactly the IAM actions the README lists', async () => {
    await runWholeLifecycle();
    const used = new Set(world.emulator.requests().map((request) => `${request.service === 'ec2' ? 'ec2' : 'elasticloadbalancing'}:${request.action}`));
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const policy = /```json\n(\{[\s\S]*?\})\n```/.exec(readme.slice(readme.indexOf('## IAM permissions')))?.[1];
    const statements = (JSON.parse(policy ?? '{}') as { Statement: { Action: string[] }[] }).Statement;
    const documented = new Set(statements.flatMap((statement) => statement.Action));
    expect([...used].filter((action) => !documented.has(action)), 'used but not documented').toEqual([]);
    expect([...documented].filter((action) => !used.has(action) && action !== 'iam:PassRole'), 'documented but never used').toEqual([]);
  });
});
