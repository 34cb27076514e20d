import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { InvalidBootstrapInputError } from '../errors/invalid-bootstrap-input-error.js';
import { issueCertificate, keyIdentifierOf, encodeNameDer, type CertificateIssuer } from './issue-certificate.js';
import { generateKeyPair, privateKeyToPem, type KeyAlgorithm } from './key-pair.js';
import { fromPem, toPem } from './pem.js';

/**
 * A certificate authority held at the management side: its certificate, its
 * key, and what issuing needs (the encoded issuer name and key identifier).
 */
export interface CertificateAuthority {
  certificatePem: string;
  privateKeyPem: string;
  certificate: X509Certificate;
  privateKey: KeyObject;
  issuer: CertificateIssuer;
}

export interface CreateCertificateAuthorityOptions {
  commonName: string;
  now: Date;
  /** Ten years by default, as kubeadm does for its CAs. */
  validityMs?: number;
  keyAlgorithm?: KeyAlgorithm;
}

const tenYearsMs = 10 * 365 * 24 * 3600 * 1000;
/** Back-date notBefore a little so a machine whose clock lags still accepts fresh certificates. */
export const clockSkewAllowanceMs = 5 * 60 * 1000;

export function createCertificateAuthority(options: CreateCertificateAuthorityOptions): CertificateAuthority {
  const { privateKey, publicKey } = generateKeyPair(options.keyAlgorithm ?? 'ecdsa-p256');
  const subjectPublicKeyInfoDer = publicKey.export({ type: 'spki', format: 'der' });
  const subject = { commonName: options.commonName };
  const issuer: CertificateIssuer = {
    nameDer: encodeNameDer(subject),
    signingKey: privateKey,
    keyIdentifier: keyIdentifierOf(subjectPublicKeyInfoDer),
  };
  const der = issueCertificate({
    issuer,
    subjectPublicKeyInfoDer,
    includeSubjectKeyIdentifier: true,
    profile: {
      subject,
      isCertificateAuthority: true,
      keyUsage: ['digitalSignature', 'keyEncipherment', 'keyCertSign'],
      notBefore: new Date(options.now.getTime() - clockSkewAllowanceMs),
      notAfter: new Date(options.now.getTime() + (options.validityMs ?? tenYearsMs)),
    },
  });
  const certificatePem = toPem('CERTIFICATE', der);
  return { certificatePem, privateKeyPem: privateKeyToPem(privateKey), certificate: new X509Certificate(der), privateKey, issuer };
}

/** Rebuilds a CA from its PEM pair (as stored in a Secret); refuses a key that does not match. */
export function loadCertificateAuthority(certificatePem: string, privateKeyPem: string): CertificateAuthority {
  const der = fromPem('CERTIFICATE', certificatePem);
  if (!der) throw new InvalidBootstrapInputError('tls.crt', 'is not a PEM CERTIFICATE block; restore the CA certificate');
  const certificate = new X509Certificate(der);
  const privateKey = createPrivateKey(privateKeyPem);
  if (!certificate.checkPrivateKey(privateKey)) throw new InvalidBootstrapInputError('tls.key', 'does not match the CA certificate in tls.crt; restore the matching pair');
  if (!certificate.ca) throw new InvalidBootstrapInputError('tls.crt', 'is not a CA certificate (basicConstraints CA:FALSE); give a CA certificate');
  const parsed = AsnConvert.parse(der, Certificate);
  const issuer: CertificateIssuer = {
    nameDer: Buffer.from(AsnConvert.serialize(parsed.tbsCertificate.subject)),
    signingKey: privateKey,
    keyIdentifier: keyIdentifierOf(certificate.publicKey.export({ type: 'spki', format: 'der' })),
  };
  return { certificatePem, privateKeyPem, certificate, privateKey, issuer };
}
