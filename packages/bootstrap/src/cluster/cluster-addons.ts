import { clusterNameLabel, type Cluster } from '@slipway/core';
import { parseAllDocuments } from 'yaml';
import { InvalidBootstrapInputError } from '../errors/invalid-bootstrap-input-error.js';
import type { SecretStorePort } from '../ports/secret-store-port.js';
import { decodeSecretValue, encodeSecretData } from '../ports/secret-data.js';
import { clusterIdentity } from '../pki/cluster-pki.js';

/**
 * Addons (a CNI, a cloud controller, ...) given as YAML for a cluster. They are
 * kept in the Secret `<cluster>-addons` and handed, through the authenticated
 * node-authorization service, to the machine that runs `kubeadm init`, which
 * applies them with kubectl: the management side never reaches into the cluster.
 */
function secretName(cluster: Cluster): string {
  return `${clusterIdentity(cluster).name}-addons`;
}

export async function storeClusterAddons(secrets: SecretStorePort, cluster: Cluster, addonsYaml: string): Promise<void> {
  const documents = parseAllDocuments(addonsYaml);
  for (const [index, document] of documents.entries()) {
    if (document.errors.length > 0) {
      throw new InvalidBootstrapInputError(`addons document ${index + 1}`, `is not valid YAML (${document.errors[0]?.message ?? 'parse error'}); fix the YAML`);
    }
    const value = document.toJS() as { apiVersion?: unknown; kind?: unknown } | null;
    if (value !== null && (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string')) {
      throw new InvalidBootstrapInputError(`addons document ${index + 1}`, 'has no apiVersion or kind; every addon document must be a Kubernetes object');
    }
  }
  const { namespace, name } = clusterIdentity(cluster);
  const record = { namespace, name: secretName(cluster), labels: { [clusterNameLabel]: name }, data: encodeSecretData({ 'addons.yaml': addonsYaml }) };
  const existing = await secrets.createIfAbsent(record);
  if (existing.data['addons.yaml'] !== record.data['addons.yaml']) await secrets.update(record);
}

export async function loadClusterAddons(secrets: SecretStorePort, cluster: Cluster): Promise<string | undefined> {
  const stored = await secrets.get(clusterIdentity(cluster).namespace, secretName(cluster));
  return stored ? decodeSecretValue(stored.data, 'addons.yaml') : undefined;
}
