import { createHash, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import {
  clientAuthOid,
  commonNameOid,
  organizationOid,
  serverAuthOid,
  type CertificateProfile,
  type CertificateSubject,
  type KeyUsageName,
} from './certificate-profile.js';
import { randomSerialNumber } from './serial-number.js';
import { signatureAlgorithmOf } from './signature-algorithm.js';

/**
 * The library path of certificate issuance: every structure encoded by the
 * X.509 library, signed with node:crypto. Used for CAs, admin and service
 * certificates, and as the reference the fast path is checked against.
 */
export interface CertificateIssuer {
  /** DER of the issuer's subject Name (the subject Name itself for a self-signed CA). */
  nameDer: Buffer;
  signingKey: KeyObject;
  /** SHA-1 of the issuer's public key bits, written as the authority key identifier. */
  keyIdentifier: Buffer;
}

export function encodeName(subject: CertificateSubject): Name {
  const relativeNames: RelativeDistinguishedName[] = [];
  for (const organization of subject.organizations ?? []) {
    relativeNames.push(
      new RelativeDistinguishedName([
        new AttributeTypeAndValue({ type: organizationOid, value: new AttributeValue({ utf8String: organization }) }),
      ]),
    );
  }
  relativeNames.push(
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type: commonNameOid, value: new AttributeValue({ utf8String: subject.commonName }) }),
    ]),
  );
  return new Name(relativeNames);
}

export function encodeNameDer(subject: CertificateSubject): Buffer {
  return Buffer.from(AsnConvert.serialize(encodeName(subject)));
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
export function keyIdentifierOf(subjectPublicKeyInfoDer: Buffer): Buffer {
  const info = AsnConvert.parse(subjectPublicKeyInfoDer, SubjectPublicKeyInfo);
  return createHash('sha1').update(Buffer.from(info.subjectPublicKey)).digest();
}

const keyUsageFlags: Record<KeyUsageName, number> = {
  digitalSignature: KeyUsageFlags.digitalSignature,
  keyEncipherment: KeyUsageFlags.keyEncipherment,
  keyCertSign: KeyUsageFlags.keyCertSign,
  crlSign: KeyUsageFlags.cRLSign,
};

function extension(identifier: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID: identifier, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** The extensions of a profile, in the order both issuance paths write them. */
export function buildExtensions(profile: CertificateProfile, subjectKeyIdentifier: Buffer | undefined, issuer: CertificateIssuer): Extensions {
  const extensions: Extension[] = [];
  const usage = profile.keyUsage.reduce((flags, name) => flags | keyUsageFlags[name], 0);
  extensions.push(extension(id_ce_keyUsage, true, new KeyUsage(usage)));
  if (profile.extendedKeyUsage && profile.extendedKeyUsage.length > 0) {
    extensions.push(
      extension(
        id_ce_extKeyUsage,
        false,
        new ExtendedKeyUsage(profile.extendedKeyUsage.map((name) => (name === 'clientAuth' ? clientAuthOid : serverAuthOid))),
      ),
    );
  }
  extensions.push(extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: profile.isCertificateAuthority === true })));
  if (subjectKeyIdentifier) {
    extensions.push(extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(subjectKeyIdentifier)));
  }
  extensions.push(
    extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuer.keyIdentifier) })),
  );
  const alternativeNames = [
    ...(profile.dnsNames ?? []).map((dnsName) => new GeneralName({ dNSName: dnsName })),
    ...(profile.ipAddresses ?? []).map((address) => new GeneralName({ iPAddress: address })),
  ];
  if (alternativeNames.length > 0) {
    extensions.push(extension(id_ce_subjectAltName, false, new SubjectAlternativeName(alternativeNames)));
  }
  return new Extensions(extensions);
}

export function signatureAlgorithmIdentifier(signingKey: KeyObject): AlgorithmIdentifier {
  const algorithm = signatureAlgorithmOf(signingKey);
  return algorithm.nullParameters
    ? new AlgorithmIdentifier({ algorithm: algorithm.oid, parameters: null })
    : new AlgorithmIdentifier({ algorithm: algorithm.oid });
}

export interface IssueCertificateRequest {
  issuer: CertificateIssuer;
  /** DER SubjectPublicKeyInfo of the key being certified. */
  subjectPublicKeyInfoDer: Buffer;
  profile: CertificateProfile;
  /** Write a subject key identifier (CAs need one so chains can be built). */
  includeSubjectKeyIdentifier?: boolean;
}

export function buildTbsCertificate(request: IssueCertificateRequest): TBSCertificate {
  const { issuer, profile } = request;
  const serial = profile.serialNumber ?? randomSerialNumber();
  return new TBSCertificate({
    version: Version.v3,
    serialNumber: serial.buffer.slice(serial.byteOffset, serial.byteOffset + serial.byteLength) as ArrayBuffer,
    signature: signatureAlgorithmIdentifier(issuer.signingKey),
    issuer: AsnConvert.parse(issuer.nameDer, Name),
    validity: new Validity({ notBefore: profile.notBefore, notAfter: profile.notAfter }),
    subject: encodeName(profile.subject),
    subjectPublicKeyInfo: AsnConvert.parse(request.subjectPublicKeyInfoDer, SubjectPublicKeyInfo),
    extensions: buildExtensions(
      profile,
      request.includeSubjectKeyIdentifier ? keyIdentifierOf(request.subjectPublicKeyInfoDer) : undefined,
      issuer,
    ),
  });
}

/** Issues one certificate through the library: encode every part, sign with node:crypto. Returns DER. */
export function issueCertificate(request: IssueCertificateRequest): Buffer {
  const tbsCertificate = buildTbsCertificate(request);
  const signature = sign('sha256', Buffer.from(AsnConvert.serialize(tbsCertificate)), request.issuer.signingKey);
  const certificate = new Certificate({
    tbsCertificate,
    signatureAlgorithm: signatureAlgorithmIdentifier(request.issuer.signingKey),
    signatureValue: signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength) as ArrayBuffer,
  });
  return Buffer.from(AsnConvert.serialize(certificate));
}
