/**
 * What a certificate says about its subject, independent of how it is encoded:
 * the library path and the template fast path both issue from this shape.
 */
export interface CertificateSubject {
  commonName: string;
  /** Kubernetes reads organizations as groups (`system:nodes`, `system:masters`). */
  organizations?: readonly string[];
}

export type KeyUsageName = 'digitalSignature' | 'keyEncipherment' | 'keyCertSign' | 'crlSign';
export type ExtendedKeyUsageName = 'clientAuth' | 'serverAuth';

export interface CertificateProfile {
  subject: CertificateSubject;
  isCertificateAuthority?: boolean;
  keyUsage: readonly KeyUsageName[];
  extendedKeyUsage?: readonly ExtendedKeyUsageName[];
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  notBefore: Date;
  notAfter: Date;
  /** 16 random bytes when absent. */
  serialNumber?: Buffer;
}

export const organizationOid = '2.5.4.10';
export const commonNameOid = '2.5.4.3';
export const clientAuthOid = '1.3.6.1.5.5.7.3.2';
export const serverAuthOid = '1.3.6.1.5.5.7.3.1';
