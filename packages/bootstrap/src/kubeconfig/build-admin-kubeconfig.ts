import { stringify } from 'yaml';
import type { Cluster } from '@slipway/core';
import { InvalidBootstrapInputError } from '../errors/invalid-bootstrap-input-error.js';
import type { SecretStorePort } from '../ports/secret-store-port.js';
import { loadClusterPki } from '../pki/cluster-pki.js';
import { clockSkewAllowanceMs } from '../pki/certificate-authority.js';
import { issueCertificate } from '../pki/issue-certificate.js';
import { generateKeyPair, privateKeyToPem } from '../pki/key-pair.js';
import { toPem } from '../pki/pem.js';

/**
 * An admin kubeconfig for a cluster, made entirely at the management side: a
 * fresh key and a `system:masters` client certificate signed by the cluster
 * CA the management side already holds, pointed at the Cluster's API
 * endpoint. No machine is contacted and nothing is pulled off a master.
 */
export interface BuildAdminKubeconfigOptions {
  secrets: SecretStorePort;
  clock?: { now(): number };
  /** One year by default, like kubeadm's admin.conf. */
  validityMs?: number;
  userName?: string;
}

export async function buildAdminKubeconfig(cluster: Cluster, options: BuildAdminKubeconfigOptions): Promise<string> {
  const clusterName = cluster.metadata.name;
  if (!clusterName) throw new InvalidBootstrapInputError('Cluster metadata.name', 'is required');
  const endpoint = cluster.status?.apiEndpoints?.[0];
  if (!endpoint) {
    throw new InvalidBootstrapInputError(
      `Cluster ${clusterName} status.apiEndpoints`,
      'is empty: the cluster has no API endpoint yet; wait until the cluster infrastructure is reconciled',
    );
  }
  const pki = await loadClusterPki(options.secrets, cluster);
  if (!pki) throw new InvalidBootstrapInputError(`Cluster ${clusterName}`, 'has no PKI yet; it is created when the cluster is first reconciled');
  const now = (options.clock ?? Date).now();
  const userName = options.userName ?? 'kubernetes-admin';
  const { privateKey, publicKey } = generateKeyPair('ecdsa-p256');
  const certificate = issueCertificate({
    issuer: pki.clusterCa.issuer,
    subjectPublicKeyInfoDer: publicKey.export({ type: 'spki', format: 'der' }),
    profile: {
      subject: { commonName: userName, organizations: ['system:masters'] },
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: ['clientAuth'],
      notBefore: new Date(now - clockSkewAllowanceMs),
      notAfter: new Date(now + (options.validityMs ?? 365 * 24 * 3600 * 1000)),
    },
  });
  const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  const context = `${userName}@${clusterName}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster: { server: `https://${host}:${endpoint.port}`, 'certificate-authority-data': base64(pki.clusterCa.certificatePem) } }],
    users: [
      {
        name: userName,
        user: { 'client-certificate-data': base64(toPem('CERTIFICATE', certificate)), 'client-key-data': base64(privateKeyToPem(privateKey)) },
      },
    ],
    contexts: [{ name: context, context: { cluster: clusterName, user: userName } }],
    'current-context': context,
    preferences: {},
  });
}
