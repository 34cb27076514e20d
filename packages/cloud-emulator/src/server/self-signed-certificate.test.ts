import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from './self-signed-certificate.js';

describe('createSelfSignedCertificate', () => {
  it('makes an authority and a server certificate it signs, for 127.0.0.1 and localhost', () => {
    const generated = createSelfSignedCertificate();
    const authority = new X509Certificate(generated.certificateAuthority);
    const server = new X509Certificate(generated.certificate);
    expect(authority.ca).toBe(true);
    expect(authority.verify(authority.publicKey)).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(authority)).toBe(true);
    expect(server.verify(authority.publicKey)).toBe(true);
    expect(server.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkPrivateKey(createPrivateKey(generated.privateKey))).toBe(true);
    expect(Date.parse(server.validTo) - Date.now()).toBeGreaterThan(86_400_000);
  });

  it('covers the hosts asked for, and refuses none', () => {
    const server = new X509Certificate(createSelfSignedCertificate({ hosts: ['emulator.test', '::1'] }).certificate);
    expect(server.subjectAltName).toBe('DNS:emulator.test, IP Address:0:0:0:0:0:0:0:1');
    expect(() => createSelfSignedCertificate({ hosts: [] })).toThrow(/hosts must name at least one/);
  });

  it('gives each start its own authority', () => {
    expect(createSelfSignedCertificate().certificateAuthority).not.toBe(createSelfSignedCertificate().certificateAuthority);
  });

  it('always encodes serial numbers as minimal positive DER integers (OpenSSL refuses a leading zero octet)', () => {
    // One draw in 512 used to start with a zero octet; 600 pairs of certificates make a miss unlikely to hide.
    for (let draw = 0; draw < 600; draw += 1) {
      const generated = createSelfSignedCertificate();
      for (const pem of [generated.certificateAuthority, generated.certificate]) {
        const serial = new X509Certificate(pem).serialNumber;
        expect(serial).toMatch(/^[4-7][0-9A-F]{31}$/);
      }
    }
  });
});
