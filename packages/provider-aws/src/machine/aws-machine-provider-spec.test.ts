import { InvalidProviderSpecError, TerminalError, type Machine } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { awsMaximumClusterNameLength } from '../api/aws-tag-rules.js';
import { parseClusterProviderSpec, parseMachineProviderSpec } from '../parse-aws-provider-spec.js';
import { testCluster, testMachine } from '../test-support/aws-test-world.js';

function machineWith(value: Record<string, unknown>): Machine {
  return testMachine('alpha', 'worker-1', { providerSpec: value });
}

function refusal(run: () => unknown): InvalidProviderSpecError {
  try {
    run();
  } catch (error) {
    if (InvalidProviderSpecError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the providerSpec to be refused');
}

const ami = { id: 'ami-0123456789abcdef0' };

describe('the AWS machine providerSpec', () => {
  it('applies the secure defaults: IMDSv2 required with hop limit 1, encrypted gp3 root volume', () => {
    const spec = parseMachineProviderSpec(machineWith({ ami, instanceType: 't3.medium' }));
    expect(spec.instanceMetadata).toEqual({ httpTokens: 'required', httpPutResponseHopLimit: 1 });
    expect(spec.rootVolume).toEqual({ size: 40, type: 'gp3', encrypted: true });
    expect(spec.additionalTags).toEqual({});
  });

  it('names the field and what it expected', () => {
    const wrongType = refusal(() => parseMachineProviderSpec(machineWith({ ami, instanceType: 'gigantic' })));
    expect(wrongType.fieldPath).toBe('spec.providerSpec.value.instanceType');
    expect(wrongType.message).toContain('expected an EC2 instance type such as t3.medium, got "gigantic"');
    expect(wrongType.reason).toBe('InvalidConfiguration');

    const unknownField = refusal(() => parseMachineProviderSpec(machineWith({ ami, instanceType: 't3.small', instanceTyp: 'x' })));
    expect(unknownField.fieldPath).toBe('spec.providerSpec.value.instanceTyp');

    const smallDisk = refusal(() => parseMachineProviderSpec(machineWith({ ami, instanceType: 't3.small', rootVolume: { size: 4 } })));
    expect(smallDisk.fieldPath).toBe('spec.providerSpec.value.rootVolume.size');

    const reservedTag = refusal(() => parseMachineProviderSpec(machineWith({ ami, instanceType: 't3.small', additionalTags: { 'aws:owner': 'me' } })));
    expect(reservedTag.fieldPath).toBe('spec.providerSpec.value.additionalTags.aws:owner');
  });

  it('wants exactly one way to find the AMI, and owners with a lookup', () => {
    expect(refusal(() => parseMachineProviderSpec(machineWith({ ami: {}, instanceType: 't3.small' }))).fieldPath).toBe('spec.providerSpec.value.ami');
    const noOwners = refusal(() => parseMachineProviderSpec(machineWith({ ami: { filters: [{ name: 'name', values: ['ubuntu*'] }] }, instanceType: 't3.small' })));
    expect(noOwners.fieldPath).toBe('spec.providerSpec.value.ami.owners');
    expect(refusal(() => parseMachineProviderSpec(machineWith({ ami: { id: 'ubuntu' }, instanceType: 't3.small' }))).fieldPath).toBe('spec.providerSpec.value.ami.id');
  });

  it('refuses a Machine that points at a MachineClass instead of carrying its spec', () => {
    const machine = testMachine('alpha', 'worker-1');
    const byClass = { ...machine, spec: { ...machine.spec, providerSpec: { valueFrom: { machineClass: { name: 'small' } } } } };
    expect(refusal(() => parseMachineProviderSpec(byClass)).fieldPath).toBe('spec.providerSpec.value');
  });
});

describe('the AWS cluster providerSpec', () => {
  it('defaults to a managed network behind an internet-facing load balancer on 6443', () => {
    const spec = parseClusterProviderSpec(testCluster('alpha'));
    expect(spec.network).toEqual({});
    expect(spec.apiServerLoadBalancer).toEqual({ enabled: true, scheme: 'internet-facing', port: 6443 });
  });

  it('refuses an existing network without machine subnets, and both kinds at once', () => {
    const error = refusal(() => parseClusterProviderSpec(testCluster('alpha', { network: { existing: { vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: [] } } })));
    expect(error.fieldPath).toBe('spec.providerSpec.value.network.existing.privateSubnetIds');
    expect(TerminalError.isInstance(error)).toBe(true);
    const both = refusal(() =>
      parseClusterProviderSpec(testCluster('alpha', { network: { managed: {}, existing: { vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0123456789abcdef0'] } } })),
    );
    expect(both.fieldPath).toBe('spec.providerSpec.value.network');
    const smallVpc = refusal(() => parseClusterProviderSpec(testCluster('alpha', { network: { managed: { cidrBlock: '10.0.0.0/24' } } })));
    expect(smallVpc.fieldPath).toBe('spec.providerSpec.value.network.managed.cidrBlock');
  });

  it('refuses what EC2 would refuse at create time: reserved or too many tags, and a Cluster name too long for its Name tags', () => {
    const reserved = refusal(() => parseClusterProviderSpec(testCluster('alpha', { additionalTags: { 'AWS:team': 'x' } })));
    expect(reserved.fieldPath).toBe('spec.providerSpec.value.additionalTags.AWS:team');
    expect(reserved.message).toMatch(/reserved by AWS/);
    const many = Object.fromEntries(Array.from({ length: 41 }, (_, index) => [`tag-${index}`, 'x']));
    expect(refusal(() => parseClusterProviderSpec(testCluster('alpha', { additionalTags: many }))).message).toMatch(/at most 40 additional tags/);
    expect(parseClusterProviderSpec(testCluster('a'.repeat(awsMaximumClusterNameLength))).region).toBeUndefined();
    const long = refusal(() => parseClusterProviderSpec(testCluster('a'.repeat(awsMaximumClusterNameLength + 1))));
    expect(long.fieldPath).toBe('metadata.name');
    expect(long.message).toMatch(/use at most 227/);
  });
});
