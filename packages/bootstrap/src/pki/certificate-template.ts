import { sign } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { commonNameOid, organizationOid, type CertificateProfile, type CertificateSubject } from './certificate-profile.js';
import {
  encodeBitString,
  encodeObjectIdentifier,
  encodeSequence,
  encodeSet,
  encodeTagged,
  encodeTime,
  encodeUnsignedInteger,
  encodeUtf8String,
} from './der-encoding.js';
import { buildExtensions, signatureAlgorithmIdentifier, type CertificateIssuer } from './issue-certificate.js';
import { randomSerialNumber } from './serial-number.js';

/**
 * The fast path of certificate issuance. Encoding a certificate through the
 * X.509 library costs milliseconds, signing with node:crypto tens of
 * microseconds; so everything that is the same for every certificate of one
 * CA and profile (version, algorithm, issuer, extensions) is encoded once by
 * the library, and each certificate only stitches in its serial, validity,
 * subject and public key. The output is byte-for-byte what the library path
 * produces for the same inputs (the tests hold it to that).
 */
export type TemplateProfile = Omit<CertificateProfile, 'subject' | 'notBefore' | 'notAfter' | 'serialNumber'>;

export interface TemplateCertificateFields {
  subject: CertificateSubject;
  /** DER SubjectPublicKeyInfo; for a CSR, the exact bytes it carries. */
  subjectPublicKeyInfoDer: Buffer;
  notBefore: Date;
  notAfter: Date;
  serialNumber?: Buffer;
}

const versionThree = Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02]);
const organizationOidDer = encodeObjectIdentifier(organizationOid);
const commonNameOidDer = encodeObjectIdentifier(commonNameOid);

function encodeSubject(subject: CertificateSubject): Buffer {
  const relativeNames: Buffer[] = [];
  for (const organization of subject.organizations ?? []) {
    relativeNames.push(encodeSet([encodeSequence([organizationOidDer, encodeUtf8String(organization)])]));
  }
  relativeNames.push(encodeSet([encodeSequence([commonNameOidDer, encodeUtf8String(subject.commonName)])]));
  return encodeSequence(relativeNames);
}

export class CertificateTemplate {
  private readonly algorithmDer: Buffer;
  private readonly extensionsDer: Buffer;

  constructor(
    private readonly issuer: CertificateIssuer,
    profile: TemplateProfile,
  ) {
    this.algorithmDer = Buffer.from(AsnConvert.serialize(signatureAlgorithmIdentifier(issuer.signingKey)));
    const placeholder: CertificateProfile = { ...profile, subject: { commonName: '' }, notBefore: new Date(0), notAfter: new Date(0) };
    const extensions = Buffer.from(AsnConvert.serialize(buildExtensions(placeholder, undefined, issuer)));
    this.extensionsDer = encodeTagged(0xa3, [extensions]);
  }

  /** The DER TBSCertificate for these fields: what gets signed. */
  encodeTbsCertificate(fields: TemplateCertificateFields): Buffer {
    return encodeSequence([
      versionThree,
      encodeUnsignedInteger(fields.serialNumber ?? randomSerialNumber()),
      this.algorithmDer,
      this.issuer.nameDer,
      encodeSequence([encodeTime(fields.notBefore), encodeTime(fields.notAfter)]),
      encodeSubject(fields.subject),
      fields.subjectPublicKeyInfoDer,
      this.extensionsDer,
    ]);
  }

  /** Issues one certificate: stitch, sign with node:crypto, wrap. Returns DER. */
  issue(fields: TemplateCertificateFields): Buffer {
    const tbs = this.encodeTbsCertificate(fields);
    const signature = sign('sha256', tbs, this.issuer.signingKey);
    return encodeSequence([tbs, this.algorithmDer, encodeBitString(signature)]);
  }
}
