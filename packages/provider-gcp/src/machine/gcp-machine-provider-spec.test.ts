import { InvalidProviderSpecError, type Machine } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { parseClusterProviderSpec, parseMachineProviderSpec } from '../parse-gcp-provider-spec.js';
import { clusterFixture, workerSpec } from '../test-support/gcp-test-fixtures.js';

function machineWith(value: Record<string, unknown>): Machine {
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Machine',
    metadata: { name: 'worker-1', namespace: 'default', uid: 'uid-1' },
    spec: { providerSpec: { value }, versions: { kubelet: '1.31.0' } },
  };
}

function fieldPathOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (InvalidProviderSpecError.isInstance(error)) return `${error.fieldPath}: ${error.message.slice(error.fieldPath.length + 2)}`;
    throw error;
  }
  return undefined;
}

describe('Compute Engine machine providerSpec', () => {
  it('accepts a minimal spec and applies the defaults', () => {
    expect(parseMachineProviderSpec(machineWith({ zone: 'us-central1-a', machineType: 'e2-medium', image: { family: 'debian-12', project: 'debian-cloud' } }))).toEqual({
      zone: 'us-central1-a',
      machineType: 'e2-medium',
      image: { family: 'debian-12', project: 'debian-cloud' },
      disk: { sizeGb: 30, type: 'pd-balanced' },
      preemptible: false,
      spot: false,
      additionalLabels: {},
      networkTags: [],
      publicIP: false,
    });
  });

  it('names the field and says what is expected', () => {
    expect(fieldPathOf(() => parseMachineProviderSpec(machineWith({ ...workerSpec, zone: 'us-central1' })))).toBe(
      'spec.providerSpec.value.zone: expected a Compute Engine zone such as us-central1-a',
    );
    expect(fieldPathOf(() => parseMachineProviderSpec(machineWith({ ...workerSpec, image: { family: 'a', name: 'b', project: 'debian-cloud' } })))).toBe(
      'spec.providerSpec.value.image: expected exactly one of image.family or image.name',
    );
    expect(fieldPathOf(() => parseMachineProviderSpec(machineWith({ ...workerSpec, disk: { sizeGb: 5 } })))).toBe(
      'spec.providerSpec.value.disk.sizeGb: expected a boot disk of at least 10 GB',
    );
    expect(fieldPathOf(() => parseMachineProviderSpec(machineWith({ ...workerSpec, additionalLabels: { team: 'Platform' } })))).toContain(
      'spec.providerSpec.value.additionalLabels.team: expected a GCE label value',
    );
    expect(fieldPathOf(() => parseMachineProviderSpec(machineWith({ ...workerSpec, additionalLabels: { 'slipway-role': 'x' } })))).toContain(
      'no label keys starting with "slipway-"',
    );
    expect(fieldPathOf(() => parseMachineProviderSpec(machineWith({ ...workerSpec, networkTags: ['Web'] })))).toContain('spec.providerSpec.value.networkTags.0: expected a GCE name');
    expect(fieldPathOf(() => parseMachineProviderSpec(machineWith({ ...workerSpec, spot: true, preemptible: true })))).toBe(
      'spec.providerSpec.value.spot: expected at most one of preemptible and spot',
    );
    expect(fieldPathOf(() => parseMachineProviderSpec(machineWith({ ...workerSpec, machineType: undefined })))).toBe('spec.providerSpec.value.machineType: required field is missing');
    expect(fieldPathOf(() => parseMachineProviderSpec(machineWith({ ...workerSpec, instanceType: 'x' })))).toContain('instanceType');
  });
});

describe('Compute Engine cluster providerSpec', () => {
  it('defaults to a managed network behind a load balancer on 6443', () => {
    expect(parseClusterProviderSpec(clusterFixture())).toEqual({
      apiVersion: 'gcpprovider/v1alpha1',
      kind: 'GcpClusterProviderSpec',
      region: 'us-central1',
      network: { mode: 'managed', subnetworkCidr: '10.0.0.0/20', apiServerSourceRanges: ['0.0.0.0/0'] },
      loadBalancer: { enabled: true, port: 6443 },
    });
    expect(parseClusterProviderSpec(clusterFixture({ providerSpec: null }))).toBeUndefined();
  });

  it('names the field of a bad network or region', () => {
    expect(fieldPathOf(() => parseClusterProviderSpec(clusterFixture({ providerSpec: { region: 'us-central1-a' } })))).toBe(
      'spec.providerSpec.value.region: expected a Compute Engine region such as us-central1',
    );
    expect(fieldPathOf(() => parseClusterProviderSpec(clusterFixture({ providerSpec: { region: 'us-central1', network: { mode: 'existing' } } })))).toBe(
      'spec.providerSpec.value.network.name: required field is missing',
    );
    expect(fieldPathOf(() => parseClusterProviderSpec(clusterFixture({ providerSpec: { region: 'us-central1', network: { mode: 'shared' } } })))).toContain(
      'spec.providerSpec.value.network',
    );
  });
});
