import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { Extensions, SubjectAlternativeName, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import { InvalidCertificateRequestError } from '../errors/invalid-certificate-request-error.js';
import { commonNameOid, organizationOid } from './certificate-profile.js';
import { fromPem } from './pem.js';
import { ecdsaWithSha256, sha256WithRsaEncryption } from './signature-algorithm.js';

/**
 * Reading a PKCS#10 certificate signing request: decode it with the ASN.1
 * library, verify its self-signature with node:crypto, and report everything
 * a policy needs to decide (names, groups, alternative names, key strength).
 * Deciding is not done here: see checkNodeCertificateRequest.
 */
export type PublicKeyDescription =
  | { type: 'ec'; curve: string }
  | { type: 'rsa'; bits: number }
  | { type: 'other'; name: string };

export interface ParsedCertificateRequest {
  commonNames: string[];
  organizations: string[];
  /** OIDs of subject attributes other than CN and O (OU, C, ...). */
  otherSubjectAttributes: string[];
  dnsNames: string[];
  ipAddresses: string[];
  /** Alternative names of other kinds (e-mail, URI, ...), described as `kind:value`. */
  otherAlternativeNames: string[];
  subjectPublicKeyInfoDer: Buffer;
  publicKey: KeyObject;
  publicKeyDescription: PublicKeyDescription;
}

const extensionRequestOid = '1.2.840.113549.1.9.14';
const ecdsaWithSha384 = '1.2.840.10045.4.3.3';
const hashBySignatureAlgorithm = new Map([
  [ecdsaWithSha256, 'sha256'],
  [ecdsaWithSha384, 'sha384'],
  [sha256WithRsaEncryption, 'sha256'],
]);

function describeKey(publicKey: KeyObject): PublicKeyDescription {
  const details = publicKey.asymmetricKeyDetails ?? {};
  if (publicKey.asymmetricKeyType === 'ec') return { type: 'ec', curve: details.namedCurve ?? 'unknown' };
  if (publicKey.asymmetricKeyType === 'rsa') return { type: 'rsa', bits: details.modulusLength ?? 0 };
  return { type: 'other', name: publicKey.asymmetricKeyType ?? 'unknown' };
}

export function parseCertificateRequest(pemOrDer: string | Buffer): ParsedCertificateRequest {
  const der = typeof pemOrDer === 'string' ? fromPem('CERTIFICATE REQUEST', pemOrDer) : pemOrDer;
  if (!der || der.length === 0) throw new InvalidCertificateRequestError('expected a PEM block "CERTIFICATE REQUEST"');
  let request: CertificationRequest;
  try {
    request = AsnConvert.parse(der, CertificationRequest);
  } catch (error) {
    throw new InvalidCertificateRequestError('the certificate request is not valid DER PKCS#10', { cause: error });
  }
  const info = request.certificationRequestInfo;
  const subjectPublicKeyInfoDer = Buffer.from(AsnConvert.serialize(info.subjectPKInfo));
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: subjectPublicKeyInfoDer, format: 'der', type: 'spki' });
  } catch (error) {
    throw new InvalidCertificateRequestError('the certificate request carries a public key that cannot be read', { cause: error });
  }
  const hash = hashBySignatureAlgorithm.get(request.signatureAlgorithm.algorithm);
  if (!hash) {
    throw new InvalidCertificateRequestError(
      `the certificate request is signed with algorithm ${request.signatureAlgorithm.algorithm}; use ECDSA with SHA-256 or RSA with SHA-256`,
    );
  }
  const signedBytes = request.certificationRequestInfoRaw
    ? Buffer.from(request.certificationRequestInfoRaw)
    : Buffer.from(AsnConvert.serialize(info));
  let signatureValid = false;
  try {
    signatureValid = verify(hash, signedBytes, publicKey, Buffer.from(request.signature));
  } catch {
    signatureValid = false;
  }
  if (!signatureValid) throw new InvalidCertificateRequestError('the certificate request signature does not verify with its own public key');

  const commonNames: string[] = [];
  const organizations: string[] = [];
  const otherSubjectAttributes: string[] = [];
  for (const relativeName of info.subject) {
    for (const attribute of relativeName) {
      const value = attribute.value.toString();
      if (attribute.type === commonNameOid) commonNames.push(value);
      else if (attribute.type === organizationOid) organizations.push(value);
      else otherSubjectAttributes.push(attribute.type);
    }
  }

  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  const otherAlternativeNames: string[] = [];
  for (const attribute of info.attributes ?? []) {
    if (attribute.type !== extensionRequestOid) continue;
    for (const value of attribute.values) {
      const extensions = AsnConvert.parse(value, Extensions);
      for (const extension of extensions) {
        if (extension.extnID !== id_ce_subjectAltName) continue;
        const names = AsnConvert.parse(extension.extnValue, SubjectAlternativeName);
        for (const name of names) {
          if (name.dNSName !== undefined) dnsNames.push(name.dNSName);
          else if (name.iPAddress !== undefined) ipAddresses.push(name.iPAddress);
          else if (name.rfc822Name !== undefined) otherAlternativeNames.push(`email:${name.rfc822Name}`);
          else if (name.uniformResourceIdentifier !== undefined) otherAlternativeNames.push(`uri:${name.uniformResourceIdentifier}`);
          else otherAlternativeNames.push('other');
        }
      }
    }
  }

  return {
    commonNames,
    organizations,
    otherSubjectAttributes,
    dnsNames,
    ipAddresses,
    otherAlternativeNames,
    subjectPublicKeyInfoDer,
    publicKey,
    publicKeyDescription: describeKey(publicKey),
  };
}
