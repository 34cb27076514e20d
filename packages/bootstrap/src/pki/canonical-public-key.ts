import { createPublicKey, type KeyObject } from 'node:crypto';

/**
 * Whether a SubjectPublicKeyInfo is in the one encoding every X.509 stack
 * reads: EC keys with the curve named by its OID (not spelled out as explicit
 * parameters) and the point uncompressed; RSA keys in minimal DER. Go's
 * crypto/x509, and so kube-apiserver, refuses certificates carrying the other
 * forms, and OpenSSL keeps them as given, so a certificate is only issued for
 * a key whose bytes equal the canonical encoding rebuilt from the key itself.
 */
const ecSubjectPublicKeyInfoHeaders: Record<string, Buffer> = {
  // SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING 0x00 0x04 ... }
  'P-256': Buffer.from('3059301306072a8648ce3d020106082a8648ce3d03010703420004', 'hex'),
  // SEQUENCE { SEQUENCE { id-ecPublicKey, secp384r1 }, BIT STRING 0x00 0x04 ... }
  'P-384': Buffer.from('3076301006072a8648ce3d020106052b8104002203620004', 'hex'),
};

export function canonicalSubjectPublicKeyInfo(key: KeyObject): Buffer | undefined {
  if (key.asymmetricKeyType === 'ec') {
    const jwk = key.export({ format: 'jwk' });
    const header = jwk.crv ? ecSubjectPublicKeyInfoHeaders[jwk.crv] : undefined;
    if (!header || !jwk.x || !jwk.y) return undefined;
    return Buffer.concat([header, Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  }
  if (key.asymmetricKeyType === 'rsa') {
    return createPublicKey({ key: key.export({ format: 'jwk' }), format: 'jwk' }).export({ type: 'spki', format: 'der' });
  }
  return undefined;
}

export function isCanonicalSubjectPublicKeyInfo(subjectPublicKeyInfoDer: Buffer, key: KeyObject): boolean {
  // The common case costs nothing: the fast CSR reader only takes this shape for P-256.
  const p256 = ecSubjectPublicKeyInfoHeaders['P-256'];
  if (p256 && subjectPublicKeyInfoDer.length === 91 && subjectPublicKeyInfoDer.subarray(0, p256.length).equals(p256)) return true;
  const canonical = canonicalSubjectPublicKeyInfo(key);
  return canonical !== undefined && canonical.equals(subjectPublicKeyInfoDer);
}
