import { InvalidProviderSpecError, type Machine } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { parseMachineProviderSpec } from './create-gcp-actuator.js';

function machineWith(value: Record<string, unknown>): Machine {
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Machine',
    metadata: { name: 'worker-1', namespace: 'default', uid: 'uid-1' },
    spec: { providerSpec: { value }, versions: { kubelet: '1.31.0' } },
  };
}

describe('Google Compute Engine machine providerSpec', () => {
  it('accepts a complete spec and applies defaults', () => {
    expect(parseMachineProviderSpec(machineWith({ instanceType: 'small', image: 'ubuntu-24.04' }))).toEqual({
      instanceType: 'small',
      image: 'ubuntu-24.04',
      additionalTags: {},
    });
  });

  it('names the field that is wrong', () => {
    expect(() => parseMachineProviderSpec(machineWith({ instanceType: 42, image: 'x' }))).toThrow(
      expect.objectContaining({ fieldPath: 'spec.providerSpec.value.instanceType' }),
    );
    expect(InvalidProviderSpecError.isInstance(catchError(() => parseMachineProviderSpec(machineWith({}))))).toBe(true);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
