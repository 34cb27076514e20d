import { InvalidProviderSpecError, machineSchema, clusterSchema, type Machine } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { parseClusterProviderSpec, parseMachineProviderSpec } from '../parse-azure-provider-spec.js';

function machineWith(value: Record<string, unknown>): Machine {
  return machineSchema.parse({
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Machine',
    metadata: { name: 'worker-1', namespace: 'default', uid: 'uid-1' },
    spec: { providerSpec: { value }, versions: { kubelet: '1.31.0' } },
  });
}

function errorOf(run: () => unknown): InvalidProviderSpecError {
  try {
    run();
  } catch (error) {
    if (InvalidProviderSpecError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidProviderSpecError');
}

const image = { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' };

describe('Azure machine providerSpec', () => {
  it('accepts a marketplace image and fills in the defaults', () => {
    expect(parseMachineProviderSpec(machineWith({ vmSize: 'Standard_D2s_v5', image }))).toEqual({
      vmSize: 'Standard_D2s_v5',
      image: { ...image, version: 'latest' },
      osDisk: { sizeGB: 30, storageAccountType: 'Premium_LRS' },
      publicIP: false,
      additionalTags: {},
      adminUsername: 'slipway',
    });
  });

  it('accepts an image id, a zone, a public IP and an SSH key', () => {
    const id = '/subscriptions/s/resourceGroups/images/providers/Microsoft.Compute/galleries/g/images/node/versions/1.0.0';
    const spec = parseMachineProviderSpec(
      machineWith({ vmSize: 'Standard_B2s', image: { id }, availabilityZone: '2', publicIP: true, sshPublicKey: 'ssh-ed25519 AAAAC3Nza me@host' }),
    );
    expect(spec.image).toEqual({ id });
    expect(spec.availabilityZone).toBe('2');
  });

  it.each([
    [{ vmSize: 'large', image }, 'spec.providerSpec.value.vmSize', /Standard_D2s_v5/],
    [{ vmSize: 'Standard_B2s', image: { publisher: 'Canonical' } }, 'spec.providerSpec.value.image', /publisher, offer, sku/],
    [{ vmSize: 'Standard_B2s', image, osDisk: { sizeGB: 8 } }, 'spec.providerSpec.value.osDisk.sizeGB', /30 GiB/],
    [{ vmSize: 'Standard_B2s', image, osDisk: { storageAccountType: 'Fast' } }, 'spec.providerSpec.value.osDisk.storageAccountType', /Premium_LRS/],
    [{ vmSize: 'Standard_B2s', image, availabilityZone: '4' }, 'spec.providerSpec.value.availabilityZone', /"1"/],
    [{ vmSize: 'Standard_B2s', image, location: 'West Europe' }, 'spec.providerSpec.value.location', /westeurope/],
    [{ vmSize: 'Standard_B2s', image, sshPublicKey: 'not a key' }, 'spec.providerSpec.value.sshPublicKey', /OpenSSH/],
    [{ vmSize: 'Standard_B2s', image, instanceType: 'x' }, 'spec.providerSpec.value', /instanceType/],
  ])('names the field that is wrong: %j', (value, fieldPath, message) => {
    const error = errorOf(() => parseMachineProviderSpec(machineWith(value)));
    expect(error.fieldPath).toBe(fieldPath);
    expect(error.reason).toBe('InvalidConfiguration');
    expect(error.message).toMatch(message);
  });
});

describe('Azure cluster providerSpec', () => {
  const clusterWith = (value: Record<string, unknown> | undefined) =>
    clusterSchema.parse({
      apiVersion: 'cluster.k8s.io/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'prod', namespace: 'default' },
      spec: value ? { providerSpec: { value } } : {},
    });

  it('defaults the network and the API server load balancer', () => {
    const spec = parseClusterProviderSpec(clusterWith({ location: 'westeurope', resourceGroup: { name: 'prod-rg' } }));
    expect(spec.resourceGroup.mode).toBe('managed');
    expect(spec.virtualNetwork.cidrBlock).toBe('10.0.0.0/16');
    expect(spec.apiServerLoadBalancer).toEqual({ enabled: true, port: 6443, allowedCidrs: ['0.0.0.0/0'] });
  });

  it('says what is missing', () => {
    expect(errorOf(() => parseClusterProviderSpec(clusterWith(undefined))).message).toMatch(/location, resourceGroup/);
    expect(errorOf(() => parseClusterProviderSpec(clusterWith({ location: 'westeurope', resourceGroup: { name: 'rg', mode: 'borrowed' } }))).fieldPath).toBe(
      'cluster spec.providerSpec.value.resourceGroup.mode',
    );
  });
});
