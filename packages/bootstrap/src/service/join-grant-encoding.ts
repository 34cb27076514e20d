import type { JoinGrant, MachineBootstrapRole } from './node-authorizer.js';

/**
 * The wire form of a join answer, made for an agent that has only sh, curl
 * and openssl: one `name base64value` pair per line. The agent maps each
 * known name to a fixed path itself; the service never chooses paths on the
 * machine, and unknown names are ignored.
 */
export function encodeJoinGrant(grant: JoinGrant): string {
  const entries: Array<[string, string | undefined]> = [
    ['node-name', grant.nodeName],
    ['role', grant.role],
    ['api-server', grant.apiServerEndpoint],
    ['kubelet-client.crt', grant.kubeletClientCertificatePem],
    ['ca.crt', grant.clusterCaCertificatePem],
    ['pki/ca.crt', grant.controlPlanePki?.clusterCa.certificatePem],
    ['pki/ca.key', grant.controlPlanePki?.clusterCa.privateKeyPem],
    ['pki/etcd-ca.crt', grant.controlPlanePki?.etcdCa.certificatePem],
    ['pki/etcd-ca.key', grant.controlPlanePki?.etcdCa.privateKeyPem],
    ['pki/front-proxy-ca.crt', grant.controlPlanePki?.frontProxyCa.certificatePem],
    ['pki/front-proxy-ca.key', grant.controlPlanePki?.frontProxyCa.privateKeyPem],
    ['pki/sa.key', grant.controlPlanePki?.serviceAccount.privateKeyPem],
    ['pki/sa.pub', grant.controlPlanePki?.serviceAccount.publicKeyPem],
    ['addons.yaml', grant.addonsYaml],
    ['report-credential', grant.reportCredential],
  ];
  let text = '';
  for (const [name, value] of entries) {
    if (value !== undefined) text += `${name} ${Buffer.from(value, 'utf8').toString('base64')}\n`;
  }
  return text;
}

/** Reads the wire form back (for agents written in TypeScript and for tests). */
export function decodeJoinGrant(text: string): Record<string, string> & { role?: MachineBootstrapRole } {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    values[line.slice(0, space)] = Buffer.from(line.slice(space + 1), 'base64').toString('utf8');
  }
  return values;
}
