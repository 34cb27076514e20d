import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidCertificateRequestError } from '../errors/invalid-certificate-request-error.js';
import { parseCertificateRequest, type ParsedCertificateRequest } from './certificate-request.js';
import { readCertificateRequest } from './certificate-request-reader.js';
import { createCertificateRequest } from './create-certificate-request.js';
import { canonicalIpAddress } from './ip-address.js';
import { generateKeyPair } from './key-pair.js';
import { fromPem } from './pem.js';
import { fixedCertificateRequestPem } from '../test-support/fixed-certificate-request.js';

/** The fast DER reader must say exactly what the ASN.1 library says, on good and on mangled requests. */
function summary(parsed: ParsedCertificateRequest) {
  return {
    commonNames: parsed.commonNames,
    organizations: parsed.organizations,
    otherSubjectAttributes: parsed.otherSubjectAttributes,
    dnsNames: parsed.dnsNames,
    ipAddresses: parsed.ipAddresses.map(canonicalIpAddress),
    otherAlternativeNames: parsed.otherAlternativeNames,
    subjectPublicKeyInfo: parsed.subjectPublicKeyInfoDer.toString('hex'),
    publicKeyDescription: parsed.publicKeyDescription,
  };
}

function outcome(read: () => ParsedCertificateRequest): ReturnType<typeof summary> | 'refused' {
  try {
    return summary(read());
  } catch (error) {
    if (InvalidCertificateRequestError.isInstance(error)) return 'refused';
    throw error;
  }
}

function opensslCsr(arguments_: string[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'slipway-reader-'));
  execFileSync('openssl', ['req', '-new', ...arguments_, '-keyout', join(directory, 'key'), '-nodes', '-out', join(directory, 'csr')], { stdio: 'ignore' });
  return readFileSync(join(directory, 'csr'), 'utf8');
}

const samples: Array<[string, string]> = [
  ['a plain node CSR', createCertificateRequest({ ...generateKeyPair(), subject: { commonName: 'system:node:a', organizations: ['system:nodes'] } })],
  [
    'names of every kind (IPv4, IPv6, DNS)',
    createCertificateRequest({ ...generateKeyPair(), subject: { commonName: 'system:node:b', organizations: ['system:nodes'] }, dnsNames: ['b', 'b.internal'], ipAddresses: ['10.1.2.3', '2001:db8::7'] }),
  ],
  ['an RSA 2048 key', createCertificateRequest({ ...generateKeyPairSync('rsa', { modulusLength: 2048 }), subject: { commonName: 'system:node:c', organizations: ['system:nodes'] } })],
  ['an openssl CSR with OU and e-mail', opensslCsr(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-subj', '/O=system:nodes/OU=x/CN=system:node:d', '-addext', 'subjectAltName=email:a@b.c,IP:::1,DNS:d'])],
  ['an openssl CSR with PrintableString names', opensslCsr(['-newkey', 'rsa:2048', '-utf8', '-subj', '/C=DE/O=system:nodes/CN=system:node:e'])],
];

describe('readCertificateRequest (the fast CSR reader)', () => {
  it.each(samples)('agrees with the ASN.1 library on %s', (_label, pem) => {
    const fast = outcome(() => readCertificateRequest(pem));
    expect(fast).not.toBe('refused');
    expect(fast).toEqual(outcome(() => parseCertificateRequest(pem)));
  });

  it('agrees with the library on a fixed openssl CSR', () => {
    const fast = outcome(() => readCertificateRequest(fixedCertificateRequestPem));
    expect(fast).toMatchObject({ commonNames: ['system:node:fixed'], dnsNames: ['fixed'], ipAddresses: ['10.1.2.3', '2001:db8::7'] });
    expect(fast).toEqual(outcome(() => parseCertificateRequest(fixedCertificateRequestPem)));
  });

  it('refuses every one-byte corruption of a request (3 changes at each of its bytes)', () => {
    const der = fromPem('CERTIFICATE REQUEST', fixedCertificateRequestPem) ?? Buffer.alloc(0);
    const acceptedByFastReader: string[] = [];
    for (let position = 0; position < der.length; position += 1) {
      for (const delta of [0x01, 0x80, 0xff]) {
        const copy = Buffer.from(der);
        copy[position] = ((copy[position] ?? 0) + delta) & 0xff;
        if (outcome(() => readCertificateRequest(copy)) !== 'refused') acceptedByFastReader.push(`byte ${position} +${delta}`);
      }
    }
    // (The ASN.1 library, by contrast, lets a few non-DER encodings of a validly
    // signed request through, such as a changed outer tag: the fast reader is the stricter.)
    expect(acceptedByFastReader).toEqual([]);
  });

  it('refuses truncated input and trailing bytes', () => {
    const der = fromPem('CERTIFICATE REQUEST', samples[0]?.[1] ?? '') ?? Buffer.alloc(0);
    expect(() => readCertificateRequest(der.subarray(0, der.length - 1))).toThrow(InvalidCertificateRequestError);
    expect(() => readCertificateRequest(Buffer.concat([der, Buffer.from([0])]))).toThrow(/trailing bytes/);
  });
});

describe('canonicalIpAddress', () => {
  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0007', '2001:db8::7'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6'],
    ['::ffff:10.1.2.3', '::ffff:a01:203'],
    ['10.1.2.3', '10.1.2.3'],
  ])('writes %s as %s', (input, expected) => {
    expect(canonicalIpAddress(input)).toBe(expected);
  });
});
