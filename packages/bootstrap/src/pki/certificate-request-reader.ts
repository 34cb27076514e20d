import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { InvalidCertificateRequestError } from '../errors/invalid-certificate-request-error.js';
import type { ParsedCertificateRequest, PublicKeyDescription } from './certificate-request.js';
import { commonNameOid, organizationOid } from './certificate-profile.js';
import { DerFormatError, expectTag, readChildren, readDirectoryString, readElement, readObjectIdentifier } from './der-reader.js';
import { canonicalIpAddress } from './ip-address.js';
import { fromPem } from './pem.js';
import { ecdsaWithSha256, sha256WithRsaEncryption } from './signature-algorithm.js';

/**
 * The fast path for reading a CSR on the join hot path: a strict DER walk
 * instead of the ASN.1 library's object tree, with the same result as
 * parseCertificateRequest on valid requests (the tests hold the two to agree)
 * and stricter on broken ones: anything that is not DER is refused, where the
 * library tolerates a few encodings. The signature is verified with
 * node:crypto all the same.
 */
const extensionRequestOid = '1.2.840.113549.1.9.14';
const subjectAlternativeNameOid = '2.5.29.17';
const hashBySignatureAlgorithm = new Map([
  [ecdsaWithSha256, 'sha256'],
  ['1.2.840.10045.4.3.3', 'sha384'],
  [sha256WithRsaEncryption, 'sha256'],
]);

/** DER SubjectPublicKeyInfo header of an uncompressed P-256 point: id-ecPublicKey, prime256v1, BIT STRING, 0x04. */
const p256SpkiHeader = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d03010703420004', 'hex');

/**
 * Imports the request's key. For P-256, by far the common case, the point's
 * coordinates go in as a JWK, which node:crypto imports (and checks on the
 * curve) in about 60% of the time its generic DER decoder takes.
 */
function importPublicKey(subjectPublicKeyInfoDer: Buffer): { publicKey: KeyObject; description: PublicKeyDescription } {
  if (subjectPublicKeyInfoDer.length === 91 && subjectPublicKeyInfoDer.subarray(0, 27).equals(p256SpkiHeader)) {
    const publicKey = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: subjectPublicKeyInfoDer.subarray(27, 59).toString('base64url'),
        y: subjectPublicKeyInfoDer.subarray(59, 91).toString('base64url'),
      },
      format: 'jwk',
    });
    return { publicKey, description: { type: 'ec', curve: 'prime256v1' } };
  }
  const publicKey = createPublicKey({ key: subjectPublicKeyInfoDer, format: 'der', type: 'spki' });
  return { publicKey, description: describeKey(publicKey) };
}

function describeKey(publicKey: KeyObject): PublicKeyDescription {
  const details = publicKey.asymmetricKeyDetails ?? {};
  if (publicKey.asymmetricKeyType === 'ec') return { type: 'ec', curve: details.namedCurve ?? 'unknown' };
  if (publicKey.asymmetricKeyType === 'rsa') return { type: 'rsa', bits: details.modulusLength ?? 0 };
  return { type: 'other', name: publicKey.asymmetricKeyType ?? 'unknown' };
}

function formatIpAddress(bytes: Buffer): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length === 16) {
    const groups: string[] = [];
    for (let index = 0; index < 16; index += 2) groups.push(bytes.readUInt16BE(index).toString(16));
    return canonicalIpAddress(groups.join(':'));
  }
  throw new DerFormatError('an iPAddress name must be 4 or 16 bytes');
}

export function readCertificateRequest(pemOrDer: string | Buffer): ParsedCertificateRequest {
  const der = typeof pemOrDer === 'string' ? fromPem('CERTIFICATE REQUEST', pemOrDer) : pemOrDer;
  if (!der || der.length === 0) throw new InvalidCertificateRequestError('expected a PEM block "CERTIFICATE REQUEST"');
  try {
    const outer = expectTag(readElement(der, 0, der.length), 0x30, 'a SEQUENCE CertificationRequest');
    if (outer.end !== der.length) throw new DerFormatError('trailing bytes after the request');
    const [infoElement, algorithmElement, signatureElement, ...extra] = readChildren(der, outer);
    if (extra.length > 0) throw new DerFormatError('unexpected fields after the signature');
    const info = expectTag(infoElement, 0x30, 'a SEQUENCE CertificationRequestInfo');
    const algorithm = readChildren(der, expectTag(algorithmElement, 0x30, 'an AlgorithmIdentifier'));
    const signature = expectTag(signatureElement, 0x03, 'a BIT STRING signature');
    if (der[signature.contentStart] !== 0) throw new DerFormatError('the signature BIT STRING has unused bits');

    const [versionElement, subjectElement, keyElement, attributesElement, ...infoExtra] = readChildren(der, info);
    if (infoExtra.length > 0) throw new DerFormatError('unexpected fields in CertificationRequestInfo');
    const version = expectTag(versionElement, 0x02, 'an INTEGER version');
    if (version.end - version.contentStart !== 1 || der[version.contentStart] !== 0) throw new DerFormatError('version must be 0');
    const subject = expectTag(subjectElement, 0x30, 'a SEQUENCE subject Name');
    const key = expectTag(keyElement, 0x30, 'a SEQUENCE SubjectPublicKeyInfo');

    const subjectPublicKeyInfoDer = der.subarray(key.start, key.end);
    let publicKey: KeyObject;
    let publicKeyDescription: PublicKeyDescription;
    try {
      ({ publicKey, description: publicKeyDescription } = importPublicKey(subjectPublicKeyInfoDer));
    } catch (error) {
      throw new InvalidCertificateRequestError('the certificate request carries a public key that cannot be read', { cause: error });
    }
    const algorithmOid = readObjectIdentifier(der, algorithm[0] ?? { tag: 0, start: 0, contentStart: 0, end: 0 });
    const hash = hashBySignatureAlgorithm.get(algorithmOid);
    if (!hash) {
      throw new InvalidCertificateRequestError(`the certificate request is signed with algorithm ${algorithmOid}; use ECDSA with SHA-256 or RSA with SHA-256`);
    }
    let signatureValid = false;
    try {
      signatureValid = verify(hash, der.subarray(info.start, info.end), publicKey, der.subarray(signature.contentStart + 1, signature.end));
    } catch {
      signatureValid = false;
    }
    if (!signatureValid) throw new InvalidCertificateRequestError('the certificate request signature does not verify with its own public key');

    const commonNames: string[] = [];
    const organizations: string[] = [];
    const otherSubjectAttributes: string[] = [];
    for (const relativeName of readChildren(der, subject)) {
      for (const pair of readChildren(der, expectTag(relativeName, 0x31, 'a SET RelativeDistinguishedName'))) {
        const [typeElement, valueElement] = readChildren(der, expectTag(pair, 0x30, 'a SEQUENCE AttributeTypeAndValue'));
        const type = readObjectIdentifier(der, typeElement ?? pair);
        if (type === commonNameOid) commonNames.push(readDirectoryString(der, valueElement ?? pair));
        else if (type === organizationOid) organizations.push(readDirectoryString(der, valueElement ?? pair));
        else otherSubjectAttributes.push(type);
      }
    }

    const dnsNames: string[] = [];
    const ipAddresses: string[] = [];
    const otherAlternativeNames: string[] = [];
    if (attributesElement) {
      for (const attribute of readChildren(der, expectTag(attributesElement, 0xa0, 'the [0] attributes'))) {
        const [typeElement, valuesElement] = readChildren(der, expectTag(attribute, 0x30, 'a SEQUENCE Attribute'));
        if (readObjectIdentifier(der, typeElement ?? attribute) !== extensionRequestOid) continue;
        for (const extensions of readChildren(der, expectTag(valuesElement, 0x31, 'a SET of attribute values'))) {
          for (const extension of readChildren(der, expectTag(extensions, 0x30, 'a SEQUENCE Extensions'))) {
            const parts = readChildren(der, expectTag(extension, 0x30, 'a SEQUENCE Extension'));
            if (readObjectIdentifier(der, parts[0] ?? extension) !== subjectAlternativeNameOid) continue;
            const value = expectTag(parts[parts.length - 1], 0x04, 'an OCTET STRING extension value');
            const names = readElement(der, value.contentStart, value.end);
            for (const name of readChildren(der, expectTag(names, 0x30, 'a SEQUENCE GeneralNames'))) {
              const content = der.subarray(name.contentStart, name.end);
              if (name.tag === 0x82) dnsNames.push(content.toString('latin1'));
              else if (name.tag === 0x87) ipAddresses.push(formatIpAddress(content));
              else if (name.tag === 0x81) otherAlternativeNames.push(`email:${content.toString('latin1')}`);
              else if (name.tag === 0x86) otherAlternativeNames.push(`uri:${content.toString('latin1')}`);
              else otherAlternativeNames.push('other');
            }
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
      subjectPublicKeyInfoDer: Buffer.from(subjectPublicKeyInfoDer),
      publicKey,
      publicKeyDescription,
    };
  } catch (error) {
    if (error instanceof DerFormatError) {
      throw new InvalidCertificateRequestError(`the certificate request is not valid DER PKCS#10 (${error.message})`, { cause: error });
    }
    throw error;
  }
}
