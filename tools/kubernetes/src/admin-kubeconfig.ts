export interface AdminKubeconfigInput {
  /** https://127.0.0.1:PORT */
  server: string;
  caCertificatePem: string;
  clientCertificatePem: string;
  clientKeyPem: string;
  /** Names the cluster, user and context; default "slipway-test". */
  name?: string;
}

/**
 * A self-contained kubeconfig (certificates embedded as *-data), so it stays valid wherever
 * it is copied and whatever happens to the PKI files.
 */
export function buildAdminKubeconfig(input: AdminKubeconfigInput): string {
  const name = input.name ?? 'slipway-test';
  const base64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${input.server}`,
    `    certificate-authority-data: ${base64(input.caCertificatePem)}`,
    'users:',
    `- name: ${name}-admin`,
    '  user:',
    `    client-certificate-data: ${base64(input.clientCertificatePem)}`,
    `    client-key-data: ${base64(input.clientKeyPem)}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}-admin`,
    `current-context: ${name}`,
    '',
  ].join('\n');
}
