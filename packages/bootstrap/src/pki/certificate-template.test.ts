import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCertificateAuthority } from './certificate-authority.js';
import { CertificateTemplate } from './certificate-template.js';
import { issueCertificate } from './issue-certificate.js';
import { generateKeyPair } from './key-pair.js';
import { toPem } from './pem.js';

const authority = createCertificateAuthority({ commonName: 'kubernetes', now: new Date() });
const profile = { keyUsage: ['digitalSignature'] as const, extendedKeyUsage: ['clientAuth'] as const };

function fieldsFor(commonName: string, notBefore: Date, notAfter: Date) {
  const { publicKey } = generateKeyPair();
  return {
    subject: { commonName, organizations: ['system:nodes'] },
    subjectPublicKeyInfoDer: publicKey.export({ type: 'spki', format: 'der' }),
    notBefore,
    notAfter,
    serialNumber: Buffer.from('0123456789abcdef0123456789abcdef', 'hex'),
  };
}

describe('CertificateTemplate (the fast path)', () => {
  const template = new CertificateTemplate(authority.issuer, { keyUsage: [...profile.keyUsage], extendedKeyUsage: [...profile.extendedKeyUsage] });

  it.each([
    ['a short node name', 'system:node:a', new Date('2026-11-24T12:00:00Z'), new Date('2026-11-25T12:00:00Z')],
    ['a 200-character node name (long-form DER lengths)', `system:node:${'n'.repeat(200)}`, new Date('2026-11-24T12:00:00Z'), new Date('2027-11-24T12:00:00Z')],
    ['validity past 2049 (GeneralizedTime)', 'system:node:late', new Date('2049-12-31T00:00:00Z'), new Date('2051-01-01T00:00:00Z')],
  ])('encodes the same TBSCertificate bytes as the library path for %s', (_label, commonName, notBefore, notAfter) => {
    const fields = fieldsFor(commonName, notBefore, notAfter);
    const viaLibrary = issueCertificate({
      issuer: authority.issuer,
      subjectPublicKeyInfoDer: fields.subjectPublicKeyInfoDer,
      profile: { keyUsage: [...profile.keyUsage], extendedKeyUsage: [...profile.extendedKeyUsage], ...fields },
    });
    const tbs = template.encodeTbsCertificate(fields);
    // A Certificate is SEQUENCE { tbs, ... }: the tbs starts right after the outer header.
    const outerHeaderLength = (viaLibrary[1] ?? 0) & 0x80 ? 2 + ((viaLibrary[1] ?? 0) & 0x7f) : 2;
    expect(viaLibrary.subarray(outerHeaderLength, outerHeaderLength + tbs.length).equals(tbs)).toBe(true);
  });

  it('issues certificates that node:crypto and openssl verify against the CA', () => {
    const now = Date.now();
    const fields = fieldsFor('system:node:worker-1', new Date(now - 60_000), new Date(now + 3_600_000));
    const { serialNumber: _fixed, ...withoutSerial } = fields;
    const der = template.issue(withoutSerial);
    const certificate = new X509Certificate(der);
    expect(certificate.verify(authority.certificate.publicKey)).toBe(true);
    expect(certificate.checkIssued(authority.certificate)).toBe(true);
    expect(certificate.subject).toBe('O=system:nodes\nCN=system:node:worker-1');
    expect(certificate.ca).toBe(false);
    expect(certificate.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);

    const directory = mkdtempSync(join(tmpdir(), 'slipway-template-'));
    writeFileSync(join(directory, 'ca.crt'), authority.certificatePem);
    writeFileSync(join(directory, 'node.crt'), toPem('CERTIFICATE', der));
    const output = execFileSync('openssl', ['verify', '-CAfile', join(directory, 'ca.crt'), '-purpose', 'sslclient', join(directory, 'node.crt')], {
      encoding: 'utf8',
    });
    expect(output.trim()).toBe(`${join(directory, 'node.crt')}: OK`);
  });

  it('gives every certificate its own 16-byte serial when none is given', () => {
    const now = Date.now();
    const fields = fieldsFor('system:node:x', new Date(now), new Date(now + 60_000));
    const { serialNumber: _fixed, ...withoutSerial } = fields;
    const serials = new Set(Array.from({ length: 50 }, () => new X509Certificate(template.issue(withoutSerial)).serialNumber));
    expect(serials.size).toBe(50);
    for (const serial of serials) expect(serial).toMatch(/^[0-9A-F]{32}$/);
  });
});
