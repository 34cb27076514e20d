import { sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { CertificationRequest, CertificationRequestInfo, Attributes } from '@peculiar/asn1-csr';
import { Attribute, Extension, Extensions, GeneralName, SubjectAlternativeName, SubjectPublicKeyInfo, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import type { CertificateSubject } from './certificate-profile.js';
import { encodeName, signatureAlgorithmIdentifier } from './issue-certificate.js';
import { toPem } from './pem.js';

/**
 * Builds a PKCS#10 CSR in process. The shell agent uses openssl for this; this
 * is for agents written in TypeScript (the join benchmark, the emulator).
 */
export interface CreateCertificateRequestOptions {
  privateKey: KeyObject;
  publicKey: KeyObject;
  subject: CertificateSubject;
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
}

export function createCertificateRequest(options: CreateCertificateRequestOptions): string {
  const attributes: Attribute[] = [];
  const alternativeNames = [
    ...(options.dnsNames ?? []).map((dnsName) => new GeneralName({ dNSName: dnsName })),
    ...(options.ipAddresses ?? []).map((address) => new GeneralName({ iPAddress: address })),
  ];
  if (alternativeNames.length > 0) {
    const extensions = new Extensions([
      new Extension({
        extnID: id_ce_subjectAltName,
        critical: false,
        extnValue: new OctetString(AsnConvert.serialize(new SubjectAlternativeName(alternativeNames))),
      }),
    ]);
    attributes.push(new Attribute({ type: '1.2.840.113549.1.9.14', values: [AsnConvert.serialize(extensions)] }));
  }
  const info = new CertificationRequestInfo({
    version: 0,
    subject: encodeName(options.subject),
    subjectPKInfo: AsnConvert.parse(options.publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo),
    attributes: new Attributes(attributes),
  });
  const signature = sign('sha256', Buffer.from(AsnConvert.serialize(info)), options.privateKey);
  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: signatureAlgorithmIdentifier(options.privateKey),
    signature: signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength) as ArrayBuffer,
  });
  return toPem('CERTIFICATE REQUEST', Buffer.from(AsnConvert.serialize(request)));
}
