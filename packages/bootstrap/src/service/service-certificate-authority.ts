import { isIP } from 'node:net';
import { InvalidBootstrapInputError } from '../errors/invalid-bootstrap-input-error.js';
import type { SecretStorePort } from '../ports/secret-store-port.js';
import { decodeSecretValue, encodeSecretData } from '../ports/secret-data.js';
import { createCertificateAuthority, loadCertificateAuthority, type CertificateAuthority } from '../pki/certificate-authority.js';
import { issueCertificate } from '../pki/issue-certificate.js';
import { generateKeyPair, privateKeyToPem } from '../pki/key-pair.js';
import { toPem } from '../pki/pem.js';

/**
 * The node-authorization service's own CA. Agents pin it by public-key hash,
 * so it is kept as a Secret and survives restarts (a new CA would strand every
 * machine booting with the old pin in its user data). The serving certificate
 * is issued from it at each start and never stored.
 */
export const serviceCertificateAuthoritySecretName = 'node-authorization-service-ca';

export async function ensureServiceCertificateAuthority(secrets: SecretStorePort, namespace: string, now: Date): Promise<CertificateAuthority> {
  let secret = await secrets.get(namespace, serviceCertificateAuthoritySecretName);
  if (!secret) {
    const created = createCertificateAuthority({ commonName: 'slipway-node-authorization-ca', now });
    secret = await secrets.createIfAbsent({
      namespace,
      name: serviceCertificateAuthoritySecretName,
      labels: { 'slipway.dev/node-authorization': 'true' },
      data: encodeSecretData({ 'tls.crt': created.certificatePem, 'tls.key': created.privateKeyPem }),
    });
  }
  const certificatePem = decodeSecretValue(secret.data, 'tls.crt');
  const privateKeyPem = decodeSecretValue(secret.data, 'tls.key');
  if (!certificatePem || !privateKeyPem) {
    throw new InvalidBootstrapInputError(
      `Secret ${namespace}/${serviceCertificateAuthoritySecretName}`,
      'lacks tls.crt or tls.key; delete it to create a new service CA (machines booting now will need new user data)',
    );
  }
  try {
    return loadCertificateAuthority(certificatePem, privateKeyPem);
  } catch (error) {
    const where = `Secret ${namespace}/${serviceCertificateAuthoritySecretName}`;
    if (InvalidBootstrapInputError.isInstance(error)) throw new InvalidBootstrapInputError(`${where} ${error.fieldPath}`, error.message.slice(error.fieldPath.length + 2));
    throw new InvalidBootstrapInputError(where, `cannot be read (${(error as Error).message}); delete it to create a new service CA`);
  }
}

export function issueServingCertificate(
  authority: CertificateAuthority,
  serverNames: readonly string[],
  now: Date,
): { certificatePem: string; privateKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPair('ecdsa-p256');
  const der = issueCertificate({
    issuer: authority.issuer,
    subjectPublicKeyInfoDer: publicKey.export({ type: 'spki', format: 'der' }),
    profile: {
      subject: { commonName: serverNames[0] ?? 'node-authorization' },
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: ['serverAuth'],
      dnsNames: serverNames.filter((name) => isIP(name) === 0),
      ipAddresses: serverNames.filter((name) => isIP(name) !== 0),
      notBefore: new Date(now.getTime() - 5 * 60 * 1000),
      notAfter: new Date(now.getTime() + 365 * 24 * 3600 * 1000),
    },
  });
  return { certificatePem: toPem('CERTIFICATE', der) + authority.certificatePem, privateKeyPem: privateKeyToPem(privateKey) };
}
