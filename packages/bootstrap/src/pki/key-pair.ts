import { generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * Key generation at the management side. ECDSA P-256 is the default for every
 * CA and certificate; RSA 2048 exists for the service-account signing key only.
 */
export type KeyAlgorithm = 'ecdsa-p256' | 'rsa-2048';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateKeyPair(algorithm: KeyAlgorithm = 'ecdsa-p256'): KeyPair {
  if (algorithm === 'rsa-2048') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

export function privateKeyToPem(privateKey: KeyObject): string {
  // PKCS#8 for both kinds: kubeadm, kubectl and openssl all read it.
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function publicKeyToPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}
