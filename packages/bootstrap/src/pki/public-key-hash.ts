import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';

/**
 * The pin an agent checks before trusting a CA: `sha256:` and the hex SHA-256
 * of the certificate's DER SubjectPublicKeyInfo, the format of kubeadm's
 * `--discovery-token-ca-cert-hash`. It survives re-issuing the CA certificate
 * with the same key.
 */
export function publicKeyHash(source: string | X509Certificate | KeyObject): string {
  const key =
    typeof source === 'string'
      ? new X509Certificate(source).publicKey
      : source instanceof X509Certificate
        ? source.publicKey
        : source.type === 'private'
          ? createPublicKey(source)
          : source;
  const der = key.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

export const publicKeyHashPattern = /^sha256:[0-9a-f]{64}$/;
