/**
 * A throwaway certificate authority and a server certificate it signs for
 * 127.0.0.1 and localhost, generated at emulator start. SDKs that refuse plain
 * HTTP (Azure's bearer-token policy) trust the authority through their TLS
 * options; nothing is written to disk and nothing outlives the process.
 * X.509 structures come from @peculiar/asn1-x509; keys and signatures from node:crypto.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  GeneralName,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectAltName,
} from '@peculiar/asn1-x509';

export interface SelfSignedCertificate {
  /** The authority's certificate (PEM): what a client passes as `ca` to trust the emulator. */
  certificateAuthority: string;
  /** The server's certificate (PEM), signed by the authority. */
  certificate: string;
  /** The server's private key (PEM, PKCS#8). */
  privateKey: string;
}

export interface SelfSignedCertificateOptions {
  /** Names and IP addresses the server certificate covers; default 127.0.0.1 and localhost. */
  hosts?: readonly string[];
  /** Validity in days from now; default 2. */
  validDays?: number;
}

const ecdsaWithSha256 = '1.2.840.10045.4.3.2';
const commonNameOid = '2.5.4.3';

function distinguishedName(commonName: string): Name {
  return new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type: commonNameOid, value: new AttributeValue({ utf8String: commonName }) }),
    ]),
  ]);
}

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

function toPem(der: ArrayBuffer | Buffer, label: string): string {
  const base64 = Buffer.from(der as ArrayBuffer).toString('base64');
  return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
}

function signCertificate(fields: {
  subject: Name;
  issuer: Name;
  subjectKey: KeyObject;
  issuerKey: KeyObject;
  validDays: number;
  extensions: Extension[];
}): string {
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + fields.validDays * 86_400_000);
  const serial = randomBytes(16);
  // A positive INTEGER in minimal DER: top bit clear (not negative) and the next one set (no
  // leading zero octet, which OpenSSL refuses as "illegal padding").
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const algorithm = new AlgorithmIdentifier({ algorithm: ecdsaWithSha256 });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array(serial).buffer,
    signature: algorithm,
    issuer: fields.issuer,
    validity: new Validity({ notBefore, notAfter }),
    subject: fields.subject,
    subjectPublicKeyInfo: AsnConvert.parse(
      createPublicKey(fields.subjectKey).export({ type: 'spki', format: 'der' }),
      SubjectPublicKeyInfo,
    ),
    extensions: new Extensions(fields.extensions),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = sign('sha256', tbsDer, fields.issuerKey);
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: algorithm,
    signatureValue: new Uint8Array(signature).buffer,
  });
  return toPem(AsnConvert.serialize(certificate), 'CERTIFICATE');
}

export function createSelfSignedCertificate(options: SelfSignedCertificateOptions = {}): SelfSignedCertificate {
  const hosts = options.hosts ?? ['127.0.0.1', 'localhost'];
  if (hosts.length === 0) throw new Error('createSelfSignedCertificate: hosts must name at least one host or IP address');
  const validDays = options.validDays ?? 2;
  const authorityKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serverKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const authorityName = distinguishedName('Slipway cloud emulator CA');

  const certificateAuthority = signCertificate({
    subject: authorityName,
    issuer: authorityName,
    subjectKey: authorityKeys.privateKey,
    issuerKey: authorityKeys.privateKey,
    validDays,
    extensions: [
      extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true, pathLenConstraint: 0 })),
      extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign)),
    ],
  });
  const alternativeNames = hosts.map((host) =>
    isIP(host) !== 0 ? new GeneralName({ iPAddress: host }) : new GeneralName({ dNSName: host }),
  );
  const certificate = signCertificate({
    subject: distinguishedName(hosts[0]!),
    issuer: authorityName,
    subjectKey: serverKeys.privateKey,
    issuerKey: authorityKeys.privateKey,
    validDays,
    extensions: [
      extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })),
      extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature)),
      extension(id_ce_subjectAltName, false, new SubjectAlternativeName(alternativeNames)),
    ],
  });
  return {
    certificateAuthority,
    certificate,
    privateKey: serverKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
