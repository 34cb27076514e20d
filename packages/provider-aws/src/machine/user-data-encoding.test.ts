import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { TerminalError } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { formatProviderId, instanceIdFromProviderId } from './aws-provider-id.js';
import { encodeUserData, maximumUserDataBytes } from './user-data-encoding.js';

describe('encodeUserData', () => {
  it('sends small user data as plain base64, and larger data gzipped, identically on every call', () => {
    expect(encodeUserData('#cloud-config\n')).toEqual({ base64: Buffer.from('#cloud-config\n').toString('base64'), gzipped: false });
    const large = `#cloud-config\n${'runcmd: [echo, hello]\n'.repeat(1_000)}`;
    const first = encodeUserData(large);
    expect(first.gzipped).toBe(true);
    expect(gunzipSync(Buffer.from(first.base64, 'base64')).toString('utf8')).toBe(large);
    // A retried RunInstances must carry the same bytes, or its ClientToken would not match.
    expect(encodeUserData(large).base64).toBe(first.base64);
  });

  it('refuses what is too large even gzipped, as a configuration error', () => {
    const incompressible = randomBytes(maximumUserDataBytes * 2).toString('base64');
    let refusal: unknown;
    try {
      encodeUserData(incompressible);
    } catch (error) {
      refusal = error;
    }
    expect(TerminalError.isInstance(refusal) && refusal.reason).toBe('InvalidConfiguration');
    expect((refusal as Error).message).toContain('16384');
  });
});

describe('providerID', () => {
  it('round-trips the Kubernetes form aws:///<zone>/<instance-id>', () => {
    const providerId = formatProviderId('eu-west-1b', 'i-0123456789abcdef0');
    expect(providerId).toBe('aws:///eu-west-1b/i-0123456789abcdef0');
    expect(instanceIdFromProviderId(providerId)).toBe('i-0123456789abcdef0');
    expect(instanceIdFromProviderId('gce://project/zone/name')).toBeUndefined();
    expect(instanceIdFromProviderId(undefined)).toBeUndefined();
  });
});
