import { describe, expect, it } from 'vitest';
import { idempotencyKeyFromMachineUid, uuidFromMachineUid } from './idempotency-key.js';
import { gceLabelValue, ownerFromTags, ownerFromTagStrings, ownershipLabelsForGce, ownershipTags, ownershipTagStrings } from './ownership-tags.js';
import { environmentVariablesOf, settingsFromEnvironment } from './settings-from-environment.js';

const uid = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('idempotency keys', () => {
  it('are stable for a Machine and fit EC2 ClientToken (at most 64 ASCII characters)', () => {
    const key = idempotencyKeyFromMachineUid(uid, 'run-instances');
    expect(key).toBe(idempotencyKeyFromMachineUid(uid, 'run-instances'));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differ between Machines and between purposes', () => {
    expect(idempotencyKeyFromMachineUid(uid, 'a')).not.toBe(idempotencyKeyFromMachineUid(uid, 'b'));
    expect(idempotencyKeyFromMachineUid(uid)).not.toBe(idempotencyKeyFromMachineUid(uid.replace('0f8f', '1f8f')));
  });

  it('come as a version-5-shaped UUID for GCE requestId', () => {
    const requestId = uuidFromMachineUid(uid, 'insert');
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(requestId).toBe(uuidFromMachineUid(uid, 'insert'));
    expect(requestId).not.toBe(uuidFromMachineUid(uid, 'delete'));
  });

  it('refuse an empty UID with an explanation', () => {
    expect(() => idempotencyKeyFromMachineUid('')).toThrow(/metadata\.uid/);
  });
});

describe('ownership tags', () => {
  const owner = { clusterName: 'prod.eu', machineName: 'Worker.1', machineUid: uid };

  it('round-trip through tags and tag strings', () => {
    expect(ownerFromTags(ownershipTags(owner))).toEqual(owner);
    expect(ownerFromTagStrings(ownershipTagStrings(owner))).toEqual(owner);
    expect(ownerFromTags({ Name: 'someone else' })).toBeUndefined();
  });

  it('fit GCE label rules', () => {
    const labels = ownershipLabelsForGce(owner);
    for (const [key, value] of Object.entries(labels)) {
      expect(key).toMatch(/^[a-z][a-z0-9_-]{0,62}$/);
      expect(value).toMatch(/^[a-z0-9_-]{0,63}$/);
    }
    expect(labels['slipway-machine-name']).toBe('worker-1');
  });

  it('keep long GCE values distinct after shortening', () => {
    const a = gceLabelValue(`${'x'.repeat(70)}a`);
    const b = gceLabelValue(`${'x'.repeat(70)}b`);
    expect(a).toHaveLength(63);
    expect(a).not.toBe(b);
  });
});

describe('settingsFromEnvironment', () => {
  const specification = { region: ['AWS_REGION', 'AWS_DEFAULT_REGION'], profile: ['AWS_PROFILE'] } as const;

  it('takes the first variable that is set and says which', () => {
    const settings = settingsFromEnvironment(specification, { AWS_DEFAULT_REGION: 'eu-west-1', AWS_REGION: ' ' });
    expect(settings).toEqual({ region: { value: 'eu-west-1', variable: 'AWS_DEFAULT_REGION' } });
    expect(environmentVariablesOf(specification)).toEqual(['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']);
  });
});
