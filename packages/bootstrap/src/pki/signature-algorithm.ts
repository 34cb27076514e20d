import type { KeyObject } from 'node:crypto';

/**
 * Which X.509 signature algorithm a signing key implies. ECDSA P-256 is the
 * default everywhere; RSA appears only for the service-account key, which
 * Kubernetes tooling has long expected to be RSA.
 */
export interface SignatureAlgorithm {
  oid: string;
  /** RSA algorithm identifiers carry an explicit NULL parameter; ECDSA ones carry none. */
  nullParameters: boolean;
}

export const ecdsaWithSha256 = '1.2.840.10045.4.3.2';
export const sha256WithRsaEncryption = '1.2.840.113549.1.1.11';

export function signatureAlgorithmOf(privateKey: KeyObject): SignatureAlgorithm {
  if (privateKey.asymmetricKeyType === 'ec') return { oid: ecdsaWithSha256, nullParameters: false };
  if (privateKey.asymmetricKeyType === 'rsa') return { oid: sha256WithRsaEncryption, nullParameters: true };
  throw new Error(`signing keys of type ${privateKey.asymmetricKeyType ?? 'unknown'} are not supported; use ECDSA P-256 or RSA`);
}
