import { gunzipSync } from 'node:zlib';
import { TerminalError, TransientError, type Cluster } from '@slipway/core';
import { idempotencyKeyFromMachineUid, ownershipTagKeys } from '@slipway/provider-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAwsTestWorld, testCluster, testMachine, withReconcileResult, type AwsTestWorld } from '../test-support/aws-test-world.js';

let world: AwsTestWorld;
let cluster: Cluster;

beforeEach(async () => {
  world = await openAwsTestWorld();
  cluster = testCluster('alpha');
});

afterEach(async () => {
  await world.close();
});

const userData = '#cloud-config\nruncmd:\n  - echo hello\n';

describe('create', () => {
  it('launches one instance with the ClientToken of the Machine UID, ownership tags on instance and volume, and IMDSv2 required', async () => {
    const machine = testMachine('alpha', 'worker-1');
    const result = await world.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, world.context());

    const [instance] = world.emulator.inspect.instances();
    expect(instance).toBeDefined();
    expect(result.providerID).toBe(`aws:///us-east-1a/${instance?.id}`);
    expect(result.instanceState).toBe('pending');
    expect(result.addresses.map((address) => address.type)).toEqual(['InternalIP', 'ExternalIP', 'InternalDNS', 'Hostname', 'ExternalDNS']);
    expect(instance?.idempotencyKey).toBe(idempotencyKeyFromMachineUid(machine.metadata.uid ?? '', 'run-instances'));
    expect(instance?.tags).toMatchObject({
      [ownershipTagKeys.clusterName]: 'alpha',
      [ownershipTagKeys.machineName]: 'worker-1',
      [ownershipTagKeys.machineUid]: machine.metadata.uid,
      Name: 'worker-1',
      'slipway-machine-role': 'worker',
    });
    const record = world.emulator.ec2.instances.get(instance?.id ?? '');
    expect(record?.metadataOptions).toEqual({ httpTokens: 'required', httpPutResponseHopLimit: 1, httpEndpoint: 'enabled' });
    expect(record?.blockDevices[0]).toMatchObject({ deviceName: '/dev/sda1', volumeSize: 30, volumeType: 'gp3', encrypted: true });
    expect(Buffer.from(instance?.userData ?? []).toString('utf8')).toBe(userData);
    const sent = world.emulator.requests().find((request) => request.action === 'RunInstances');
    expect(sent?.parameterNames).toEqual(expect.arrayContaining(['TagSpecification.2.ResourceType', 'TagSpecification.2.Tag.1.Key']));
  });

  it('gzips user data over 16 KB and still delivers it byte for byte', async () => {
    const large = `#cloud-config\nwrite_files:\n${Array.from({ length: 900 }, (_unused, index) => `  - path: /etc/slipway/file-${index}\n    content: ${index}\n`).join('')}`;
    expect(Buffer.byteLength(large)).toBeGreaterThan(16_384);
    await world.actuators.machine.create({ cluster, machine: testMachine('alpha', 'big'), bootstrapData: { userData: large } }, world.context());
    const [instance] = world.emulator.inspect.instances();
    // The machine receives the gzip stream (cloud-init unpacks it), and it holds exactly the rendered text.
    expect(gunzipSync(Buffer.from(instance?.userData ?? [])).toString('utf8')).toBe(large);
  });

  it('returns the same instance when the reply was lost, and adopts it when the bootstrap data changed meanwhile', async () => {
    const machine = testMachine('alpha', 'worker-1');
    world.emulator.faults.loseReplies({ onlyWhenCreating: 'instance' });
    const first = await world.settle(world.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, world.context()));
    expect(world.emulator.callLog.countByOutcome('lost-reply')).toBe(1);
    const second = await world.actuators.machine.create({ cluster, machine, bootstrapData: { userData: `${userData}# a new token\n` } }, world.context());
    expect(second.providerID).toBe(first.providerID);
    expect(world.emulator.inspect.instances()).toHaveLength(1);
    expect(world.emulator.callLog.entries().map((entry) => entry.errorCode).filter(Boolean)).toEqual(['IdempotentParameterMismatch']);
  });

  it('places a Spot instance with a public address on a named subnet', async () => {
    const subnet = world.emulator.ec2.subnets.values().find((candidate) => candidate.availabilityZone === 'us-east-1c');
    const machine = testMachine('alpha', 'spot-1', {
      providerSpec: {
        ami: { id: world.emulator.ec2.images.values()[0]?.imageId },
        instanceType: 't3.small',
        subnet: { id: subnet?.subnetId },
        publicIP: true,
        spotMarketOptions: { maxPrice: '0.05' },
        additionalTags: { team: 'blue' },
      },
    });
    const result = await world.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, world.context());
    expect(result.providerID).toMatch(/^aws:\/\/\/us-east-1c\/i-/);
    const record = world.emulator.ec2.instances.values()[0];
    expect(record).toMatchObject({ subnetId: subnet?.subnetId, instanceLifecycle: 'spot', spotMaxPrice: '0.05' });
    expect(record?.publicIpAddress).toMatch(/^198\.18\./);
    expect(record?.tags['team']).toBe('blue');
  });

  it('classifies capacity and configuration errors as terminal, and creates nothing', async () => {
    world.emulator.ec2.capacity.set('t3.medium', 0);
    const capacity = await world.actuators.machine.create({ cluster, machine: testMachine('alpha', 'a'), bootstrapData: { userData } }, world.context()).catch((error: unknown) => error);
    expect(TerminalError.isInstance(capacity) && capacity.reason).toBe('InsufficientResources');

    const missingImage = testMachine('alpha', 'b', { providerSpec: { ami: { id: 'ami-0123456789abcdef0' }, instanceType: 't3.medium' } });
    const image = await world.actuators.machine.create({ cluster, machine: missingImage, bootstrapData: { userData } }, world.context()).catch((error: unknown) => error);
    expect(TerminalError.isInstance(image) && image.reason).toBe('InvalidConfiguration');
    expect(world.emulator.inspect.instances()).toHaveLength(0);
  });

  it('waits out throttling inside the call instead of surfacing it', async () => {
    world.emulator.faults.throttleNext(2, { actions: ['RunInstances'] });
    const result = await world.settle(world.actuators.machine.create({ cluster, machine: testMachine('alpha', 'a'), bootstrapData: { userData } }, world.context()));
    expect(result.instanceState).toBe('pending');
    expect(world.emulator.callLog.count('RunInstances')).toBe(3);
    expect(world.actuators.api.callCounts()['RunInstances']).toBe(3);
  });
});

describe('exists, update and delete', () => {
  it('answers every Machine of a cluster from one DescribeInstances per interval', async () => {
    const machines = Array.from({ length: 12 }, (_unused, index) => testMachine('alpha', `worker-${index}`));
    // Twelve launches drain the RunInstances bucket (5, then 2 per second): settle moves the clock for the waits.
    await world.settle(Promise.all(machines.map((machine) => world.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, world.context()))));
    await world.emulator.clock.advance(20_000);
    world.emulator.callLog.clear();
    const answers = await Promise.all(machines.map((machine) => world.actuators.machine.exists({ cluster, machine }, world.context())));
    expect(answers.every((answer) => answer.exists && answer.instanceState === 'running')).toBe(true);
    expect(world.emulator.callLog.countsByAction()).toEqual({ DescribeInstances: 1 });
    await world.emulator.clock.advance(11_000);
    await Promise.all(machines.map((machine) => world.actuators.machine.exists({ cluster, machine }, world.context())));
    expect(world.emulator.callLog.countsByAction()).toEqual({ DescribeInstances: 2 });
  });

  it('retags in place on update, and terminates idempotently on delete', async () => {
    const machine = testMachine('alpha', 'worker-1');
    const created = await world.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, world.context());
    const withProviderId = { ...machine, spec: { ...machine.spec, providerID: created.providerID } };
    const retagged = {
      ...withProviderId,
      spec: { ...withProviderId.spec, providerSpec: { value: { ...withProviderId.spec.providerSpec.value, additionalTags: { owner: 'platform' } } } },
    };
    const updated = await world.actuators.machine.update({ cluster, machine: retagged }, world.context());
    expect(updated.providerID).toBe(created.providerID);
    expect(world.emulator.inspect.instances()[0]?.tags['owner']).toBe('platform');

    expect(await world.actuators.machine.delete({ cluster, machine: withProviderId }, world.context())).toEqual({ gone: true });
    expect(world.emulator.inspect.instances()[0]?.state).toBe('terminating');
    await world.emulator.clock.advance(10_000);
    expect(await world.actuators.machine.delete({ cluster, machine: withProviderId }, world.context())).toEqual({ gone: true });
    expect((await world.actuators.machine.exists({ cluster, machine: withProviderId }, world.context())).exists).toBe(false);
    expect(world.emulator.callLog.count('TerminateInstances')).toBe(1);
  });

  it('keeps asking to be called while a just-launched instance is not yet visible to TerminateInstances', async () => {
    world.emulator.faults.eventualConsistency({ invisibleForMilliseconds: 5_000, kinds: ['instance'] });
    const machine = testMachine('alpha', 'worker-1');
    await world.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, world.context());
    expect(await world.actuators.machine.delete({ cluster, machine }, world.context())).toEqual({ gone: false, requeueAfterMs: 5_000 });
    await world.emulator.clock.advance(5_000);
    expect(await world.actuators.machine.delete({ cluster, machine }, world.context())).toEqual({ gone: true });
    expect(world.emulator.inspect.instances()[0]?.state).toBe('terminating');
  });

  it('update of a Machine with no instance asks to be called again', async () => {
    const error = await world.actuators.machine.update({ cluster, machine: testMachine('alpha', 'ghost') }, world.context()).catch((caught: unknown) => caught);
    expect(TransientError.isInstance(error)).toBe(true);
  });
});

describe('control-plane machines and the API load balancer', () => {
  it('registers control-plane instances with the target group and deregisters them on delete', async () => {
    const reconciled = await world.actuators.cluster.reconcile({ cluster }, world.context());
    const ready = withReconcileResult(cluster, reconciled);
    const machine = testMachine('alpha', 'control-plane-1', { controlPlane: true });
    const created = await world.actuators.machine.create({ cluster: ready, machine, bootstrapData: { userData } }, world.context());
    const [group] = world.emulator.loadBalancing.targetGroups.values();
    const instanceId = created.providerID.split('/').pop() ?? '';
    expect(Object.keys(group?.targets ?? {})).toEqual([instanceId]);
    const record = world.emulator.ec2.instances.get(instanceId);
    expect(record?.securityGroupIds).toEqual([reconciled.providerStatus?.['controlPlaneSecurityGroupId']]);
    expect(record?.subnetId).toBe((reconciled.providerStatus?.['privateSubnetIds'] as string[])[0]);

    const recorded = { ...machine, spec: { ...machine.spec, providerID: created.providerID } };
    await world.actuators.machine.update({ cluster: ready, machine: recorded }, world.context());
    expect(world.emulator.callLog.count('elbv2:RegisterTargets')).toBe(1);

    await world.actuators.machine.delete({ cluster: ready, machine: recorded }, world.context());
    expect(Object.keys(group?.targets ?? {})).toEqual([]);
  });
});
