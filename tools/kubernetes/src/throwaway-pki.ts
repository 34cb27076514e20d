import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Paths (and PEM text where callers need it) of a short-lived PKI for one test API server. */
export interface ThrowawayPki {
  caCertificatePath: string;
  caCertificatePem: string;
  servingCertificatePath: string;
  servingKeyPath: string;
  adminCertificatePath: string;
  adminCertificatePem: string;
  adminKeyPath: string;
  adminKeyPem: string;
  serviceAccountPrivateKeyPath: string;
  serviceAccountPublicKeyPath: string;
}

/** The admin client certificate's identity: the group system:masters bypasses RBAC. */
export const ADMIN_USER = 'slipway-admin';
export const ADMIN_GROUP = 'system:masters';

/** Names the serving certificate covers (127.0.0.1 is what the fixture's URL uses). */
const SERVING_SUBJECT_ALT_NAMES = [
  'IP:127.0.0.1',
  'IP:10.0.0.1', // first address of --service-cluster-ip-range: the in-cluster "kubernetes" Service
  'DNS:localhost',
  'DNS:kubernetes',
  'DNS:kubernetes.default',
  'DNS:kubernetes.default.svc',
  'DNS:kubernetes.default.svc.cluster.local',
];

const VALIDITY_DAYS = '7';
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

/**
 * Creates, with the `openssl` CLI, a CA; a serving certificate for 127.0.0.1 signed by it;
 * an admin client certificate (O=system:masters); and an RSA key pair for signing
 * service-account tokens. Certificates use P-256 keys (fast to generate); all files go
 * into `directory`.
 */
export async function createThrowawayPki(directory: string): Promise<ThrowawayPki> {
  const file = (name: string) => join(directory, name);
  const pki = {
    caCertificatePath: file('ca.crt'),
    servingCertificatePath: file('apiserver.crt'),
    servingKeyPath: file('apiserver.key'),
    adminCertificatePath: file('admin.crt'),
    adminKeyPath: file('admin.key'),
    serviceAccountPrivateKeyPath: file('sa.key'),
    serviceAccountPublicKeyPath: file('sa.pub'),
  };
  const caKeyPath = file('ca.key');

  await openssl([
    'req', '-x509', '-nodes', ...EC_KEY, '-keyout', caKeyPath, '-out', pki.caCertificatePath,
    '-days', VALIDITY_DAYS, '-subj', '/CN=slipway-throwaway-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);

  const issue = (subject: string, extensions: string[], certificatePath: string, keyPath: string) =>
    openssl([
      'req', '-x509', '-nodes', ...EC_KEY, '-keyout', keyPath, '-out', certificatePath,
      '-CA', pki.caCertificatePath, '-CAkey', caKeyPath,
      '-days', VALIDITY_DAYS, '-subj', subject,
      '-addext', 'basicConstraints=critical,CA:FALSE',
      ...extensions.flatMap((extension) => ['-addext', extension]),
    ]);

  await Promise.all([
    issue(
      '/CN=kube-apiserver',
      [
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${SERVING_SUBJECT_ALT_NAMES.join(',')}`,
      ],
      pki.servingCertificatePath,
      pki.servingKeyPath,
    ),
    issue(
      `/O=${ADMIN_GROUP}/CN=${ADMIN_USER}`,
      ['keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=clientAuth'],
      pki.adminCertificatePath,
      pki.adminKeyPath,
    ),
    (async () => {
      await openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', pki.serviceAccountPrivateKeyPath]);
      await openssl(['pkey', '-in', pki.serviceAccountPrivateKeyPath, '-pubout', '-out', pki.serviceAccountPublicKeyPath]);
    })(),
  ]);

  const [caCertificatePem, adminCertificatePem, adminKeyPem] = await Promise.all(
    [pki.caCertificatePath, pki.adminCertificatePath, pki.adminKeyPath].map((path) => readFile(path, 'utf8')),
  );
  return { ...pki, caCertificatePem: caCertificatePem!, adminCertificatePem: adminCertificatePem!, adminKeyPem: adminKeyPem! };
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args, { timeout: 30_000 });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new Error('the openssl CLI is not on PATH; the Kubernetes test fixture needs it to make its throwaway PKI');
    }
    const detail = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : String(error);
    throw new Error(`openssl ${args[0]} failed while making the test PKI: ${detail}`);
  }
}
