import { createPrivateKey, createPublicKey } from 'node:crypto';
import { clusterNameLabel, type Cluster } from '@slipway/core';
import { InvalidBootstrapInputError } from '../errors/invalid-bootstrap-input-error.js';
import type { SecretRecord, SecretStorePort } from '../ports/secret-store-port.js';
import { decodeSecretValue, encodeSecretData } from '../ports/secret-data.js';
import { createCertificateAuthority, loadCertificateAuthority, type CertificateAuthority } from './certificate-authority.js';
import { generateKeyPair, privateKeyToPem, publicKeyToPem } from './key-pair.js';

/**
 * A cluster's PKI, created once at the management side and kept as Secrets
 * named as Cluster API names them (`<cluster>-ca`, `-etcd`, `-proxy`, `-sa`,
 * with `tls.crt` and `tls.key`). Every control-plane machine receives the same
 * material through the node-authorization service, so HA control planes need
 * no copying between masters.
 */
export interface ServiceAccountKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

export interface ClusterPki {
  clusterCa: CertificateAuthority;
  etcdCa: CertificateAuthority;
  frontProxyCa: CertificateAuthority;
  serviceAccount: ServiceAccountKeyPair;
}

export const clusterPkiLabel = 'slipway.dev/cluster-pki';

const authorities = [
  { suffix: 'ca', commonName: 'kubernetes' },
  { suffix: 'etcd', commonName: 'etcd-ca' },
  { suffix: 'proxy', commonName: 'front-proxy-ca' },
] as const;

export function clusterIdentity(cluster: Cluster): { namespace: string; name: string } {
  const name = cluster.metadata.name;
  if (!name) throw new InvalidBootstrapInputError('Cluster metadata.name', 'is required to name the cluster PKI Secrets; give the Cluster a name');
  return { namespace: cluster.metadata.namespace ?? 'default', name };
}

export function clusterPkiSecretNames(cluster: Cluster): { ca: string; etcd: string; proxy: string; sa: string } {
  const { name } = clusterIdentity(cluster);
  return { ca: `${name}-ca`, etcd: `${name}-etcd`, proxy: `${name}-proxy`, sa: `${name}-sa` };
}

function labelsFor(clusterName: string): Record<string, string> {
  return { [clusterNameLabel]: clusterName, [clusterPkiLabel]: 'true' };
}

function readAuthority(secret: SecretRecord): CertificateAuthority {
  const certificatePem = decodeSecretValue(secret.data, 'tls.crt');
  const privateKeyPem = decodeSecretValue(secret.data, 'tls.key');
  if (!certificatePem || !privateKeyPem) {
    throw new InvalidBootstrapInputError(`Secret ${secret.namespace}/${secret.name}`, 'lacks tls.crt or tls.key; delete it so the PKI is created again, or restore both keys');
  }
  try {
    return loadCertificateAuthority(certificatePem, privateKeyPem);
  } catch (error) {
    if (InvalidBootstrapInputError.isInstance(error)) {
      throw new InvalidBootstrapInputError(`Secret ${secret.namespace}/${secret.name} ${error.fieldPath}`, error.message.slice(error.fieldPath.length + 2));
    }
    throw new InvalidBootstrapInputError(`Secret ${secret.namespace}/${secret.name}`, `cannot be read (${(error as Error).message}); restore a matching CA pair`);
  }
}

function readServiceAccount(secret: SecretRecord): ServiceAccountKeyPair {
  const publicKeyPem = decodeSecretValue(secret.data, 'tls.crt');
  const privateKeyPem = decodeSecretValue(secret.data, 'tls.key');
  if (!publicKeyPem || !privateKeyPem) {
    throw new InvalidBootstrapInputError(`Secret ${secret.namespace}/${secret.name}`, 'lacks tls.crt or tls.key; restore the service-account key pair');
  }
  const derived = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
  if (derived !== createPublicKey(publicKeyPem).export({ type: 'spki', format: 'pem' }).toString()) {
    throw new InvalidBootstrapInputError(`Secret ${secret.namespace}/${secret.name}`, 'the service-account public key does not match its private key');
  }
  return { publicKeyPem, privateKeyPem };
}

/**
 * Creates whatever part of the cluster's PKI is missing and returns the PKI as
 * stored. Safe to call concurrently and repeatedly: the store's first writer
 * wins, and everyone reads back the winner.
 */
export async function ensureClusterPki(secrets: SecretStorePort, cluster: Cluster, clock: { now(): number }): Promise<ClusterPki> {
  const { namespace, name } = clusterIdentity(cluster);
  const loaded: Partial<Record<'ca' | 'etcd' | 'proxy', CertificateAuthority>> = {};
  for (const authority of authorities) {
    const secretName = `${name}-${authority.suffix}`;
    let secret = await secrets.get(namespace, secretName);
    if (!secret) {
      const created = createCertificateAuthority({ commonName: authority.commonName, now: new Date(clock.now()) });
      secret = await secrets.createIfAbsent({
        namespace,
        name: secretName,
        labels: labelsFor(name),
        data: encodeSecretData({ 'tls.crt': created.certificatePem, 'tls.key': created.privateKeyPem }),
      });
    }
    loaded[authority.suffix] = readAuthority(secret);
  }
  let serviceAccountSecret = await secrets.get(namespace, `${name}-sa`);
  if (!serviceAccountSecret) {
    // RSA here only: service-account token verifiers (kube-apiserver's older
    // releases, cloud identity federation) have long assumed RS256.
    const keyPair = generateKeyPair('rsa-2048');
    serviceAccountSecret = await secrets.createIfAbsent({
      namespace,
      name: `${name}-sa`,
      labels: labelsFor(name),
      data: encodeSecretData({ 'tls.crt': publicKeyToPem(keyPair.publicKey), 'tls.key': privateKeyToPem(keyPair.privateKey) }),
    });
  }
  return {
    clusterCa: loaded.ca as CertificateAuthority,
    etcdCa: loaded.etcd as CertificateAuthority,
    frontProxyCa: loaded.proxy as CertificateAuthority,
    serviceAccount: readServiceAccount(serviceAccountSecret),
  };
}

/** The cluster's PKI as stored, or undefined while any part of it is missing. Never creates anything. */
export async function loadClusterPki(secrets: SecretStorePort, cluster: Cluster): Promise<ClusterPki | undefined> {
  const { namespace } = clusterIdentity(cluster);
  const names = clusterPkiSecretNames(cluster);
  const [ca, etcd, proxy, sa] = await Promise.all([
    secrets.get(namespace, names.ca),
    secrets.get(namespace, names.etcd),
    secrets.get(namespace, names.proxy),
    secrets.get(namespace, names.sa),
  ]);
  if (!ca || !etcd || !proxy || !sa) return undefined;
  return { clusterCa: readAuthority(ca), etcdCa: readAuthority(etcd), frontProxyCa: readAuthority(proxy), serviceAccount: readServiceAccount(sa) };
}
