import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureClusterPki } from '../pki/cluster-pki.js';
import { testCluster } from '../test-support/fixtures.js';
import { InMemorySecretStore } from '../test-support/in-memory-secret-store.js';
import { buildAdminKubeconfig } from './build-admin-kubeconfig.js';

describe('buildAdminKubeconfig', () => {
  it('builds a system:masters kubeconfig signed by the cluster CA, for the cluster endpoint, contacting no machine', async () => {
    const secrets = new InMemorySecretStore();
    const cluster = testCluster({ apiEndpoint: { host: 'api.alpha.example', port: 443 } });
    const pki = await ensureClusterPki(secrets, cluster, Date);
    const kubeconfig = parse(await buildAdminKubeconfig(cluster, { secrets })) as any;

    expect(kubeconfig['current-context']).toBe('kubernetes-admin@alpha');
    expect(kubeconfig.clusters[0].cluster.server).toBe('https://api.alpha.example:443');
    expect(Buffer.from(kubeconfig.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(pki.clusterCa.certificatePem);
    const certificatePem = Buffer.from(kubeconfig.users[0].user['client-certificate-data'], 'base64').toString();
    const keyPem = Buffer.from(kubeconfig.users[0].user['client-key-data'], 'base64').toString();
    const certificate = new X509Certificate(certificatePem);
    expect(certificate.subject).toBe('O=system:masters\nCN=kubernetes-admin');
    expect(certificate.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);

    const directory = mkdtempSync(join(tmpdir(), 'slipway-kubeconfig-'));
    writeFileSync(join(directory, 'ca.crt'), pki.clusterCa.certificatePem);
    writeFileSync(join(directory, 'admin.crt'), certificatePem);
    expect(execFileSync('openssl', ['verify', '-CAfile', join(directory, 'ca.crt'), '-purpose', 'sslclient', join(directory, 'admin.crt')], { encoding: 'utf8' })).toContain(': OK');
  });

  it('says what is missing when the cluster has no endpoint or no PKI yet', async () => {
    const secrets = new InMemorySecretStore();
    await expect(buildAdminKubeconfig(testCluster({ apiEndpoint: null }), { secrets })).rejects.toThrow('Cluster alpha status.apiEndpoints: is empty');
    await expect(buildAdminKubeconfig(testCluster(), { secrets })).rejects.toThrow('Cluster alpha: has no PKI yet');
  });
});
