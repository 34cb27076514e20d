/** The field formats every kind shares: object names, CIDR blocks, Kubernetes versions, timestamps. */
import { describe, expect, it } from 'vitest';
import { cidrBlockSchema, isCidrBlock, isKubernetesObjectName, isKubernetesVersion, kubernetesVersionSchema, objectNameSchema, timestampSchema } from '../../index.js';

describe('isKubernetesObjectName (a DNS subdomain, as Kubernetes requires of names)', () => {
  it.each(['demo', 'aws-demo-controlplane-0', 'a', '0', 'pool-a.team-b', 'x'.repeat(253), `${'a'.repeat(63)}.${'b'.repeat(63)}`])('accepts %s', (name) => {
    expect(isKubernetesObjectName(name)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['upper case', 'Worker-1'],
    ['an underscore', 'worker_1'],
    ['a leading hyphen', '-worker'],
    ['a trailing hyphen', 'worker-'],
    ['an empty label', 'pool..a'],
    ['a trailing dot', 'pool.'],
    ['a space', 'pool a'],
    ['254 characters', 'x'.repeat(254)],
    ['a slash', 'team/worker'],
  ])('rejects a name with %s', (_reason, name) => {
    expect(isKubernetesObjectName(name)).toBe(false);
  });

  it('explains the rule in the schema message', () => {
    const outcome = objectNameSchema.safeParse('Worker_1');
    expect(outcome.success).toBe(false);
    expect(outcome.error?.issues[0]?.message).toBe('expected a lowercase DNS subdomain name (a-z, 0-9, "-" and ".", at most 253 characters)');
  });
});

describe('isCidrBlock', () => {
  it.each(['10.96.0.0/12', '192.168.0.0/16', '0.0.0.0/0', '10.0.0.1/32', 'fd00:10:96::/112', '::/0', '2001:db8::/128', '2001:DB8::/32', '::1.2.3.4/128'])(
    'accepts %s',
    (block) => {
      expect(isCidrBlock(block)).toBe(true);
    },
  );

  it.each([
    ['no prefix', '10.96.0.0'],
    ['an IPv4 prefix above 32', '10.96.0.0/33'],
    ['an IPv6 prefix above 128', 'fd00::/129'],
    ['a negative prefix', '10.0.0.0/-1'],
    ['an empty prefix', '10.0.0.0/'],
    ['a prefix that is not a number', '10.0.0.0/abc'],
    ['a four-digit prefix', '10.0.0.0/0016'],
    ['five octets', '192.168.0.0.0/16'],
    ['an octet above 255', '10.300.0.0/16'],
    ['a host name', 'example.com/24'],
    ['surrounding spaces', ' 10.0.0.0/8'],
    ['two slashes', '10.0.0.0/8/8'],
    ['an IPv6 zone index', 'fe80::1%eth0/64'],
    // The next three are what a kube-apiserver v1.37 refuses (Go's netip), checked against one.
    ['a prefix with a leading zero', '10.0.0.0/08'],
    ['an IPv4-mapped IPv6 address', '::ffff:10.0.0.0/104'],
    ['an IPv4-mapped IPv6 address spelled out', '0:0:0:0:0:FFFF:a00:0/104'],
    ['nothing', ''],
  ])('rejects a block with %s', (_reason, block) => {
    expect(isCidrBlock(block)).toBe(false);
  });

  it('says what it expected', () => {
    expect(cidrBlockSchema.safeParse('10.96.0.0').error?.issues[0]?.message).toBe('expected a CIDR block such as 10.96.0.0/12');
  });
});

describe('isKubernetesVersion', () => {
  it.each(['1.13.2', 'v1.13.2', '1.0.0', 'v1.14.0-alpha.3', 'v1.13.2+k3s1', 'v1.14.0-beta.1+build.7', '10.20.30'])('accepts %s', (version) => {
    expect(isKubernetesVersion(version)).toBe(true);
    expect(kubernetesVersionSchema.safeParse(version).success).toBe(true);
  });

  it.each([
    ['a missing patch', '1.13'],
    ['a fourth part', '1.13.2.1'],
    ['a leading zero', '1.013.2'],
    ['a capital V', 'V1.13.2'],
    ['a channel name', 'stable'],
    ['a trailing dash', '1.13.2-'],
    ['spaces', ' 1.13.2'],
    ['nothing', ''],
  ])('rejects a version with %s', (_reason, version) => {
    expect(isKubernetesVersion(version)).toBe(false);
    expect(kubernetesVersionSchema.safeParse(version).error?.issues[0]?.message).toBe('expected a Kubernetes version such as 1.13.2 or v1.13.2');
  });
});

describe('timestampSchema (RFC 3339, as Kubernetes writes metav1.Time)', () => {
  it.each(['2018-11-02T10:00:00Z', '2018-11-02T10:00:00.123Z', '2018-11-02T10:00:00+01:00', '2026-11-24T11:52:50.123456Z'])('accepts %s', (timestamp) => {
    expect(timestampSchema.safeParse(timestamp).success).toBe(true);
  });

  it.each([
    ['words', 'last tuesday'],
    ['a date without a time', '2018-11-02'],
    ['a year alone', '2018'],
    ['a time without a zone', '2018-11-02T10:00:00'],
    ['a month 13', '2018-13-02T10:00:00Z'],
    ['the RFC 2822 form', 'Fri, 02 Nov 2018 10:00:00 GMT'],
  ])('rejects %s', (_reason, timestamp) => {
    expect(timestampSchema.safeParse(timestamp).error?.issues[0]?.message).toBe('expected an RFC 3339 timestamp such as 2018-11-02T10:00:00Z');
  });
});
