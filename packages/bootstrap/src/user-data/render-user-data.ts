import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import type { Cluster, Machine } from '@slipway/core';
import { InvalidBootstrapInputError } from '../errors/invalid-bootstrap-input-error.js';
import { publicKeyHashPattern } from '../pki/public-key-hash.js';
import type { MachineBootstrapRole } from '../service/node-authorizer.js';
import { bootstrapTokenPattern } from '../tokens/bootstrap-token.js';
import { agentScript } from './agent-script.js';
import { kubeadmDocuments } from './kubeadm-configuration.js';
import { checkUserDataSize, type UserDataCloud } from './user-data-size-limits.js';

/**
 * Cloud-init `#cloud-config` for one Machine: the agent, its settings, the
 * kubeadm configuration and a runcmd that starts the agent. It holds no
 * long-lived secret: the single-use token, the service URL and the service
 * CA's public-key hash. Control-plane PKI travels only through the service.
 */
export interface RenderUserDataRequest {
  cluster: Cluster;
  machine: Machine;
  role: MachineBootstrapRole;
  /** The bootstrap token, `[a-z0-9]{6}.[a-z0-9]{16}`. */
  token: string;
  serviceUrl: string;
  /** `sha256:<hex>` of the node-authorization service CA's public key. */
  caHash: string;
  /** The cloud whose size limit applies; every cloud's when absent. */
  cloud?: UserDataCloud;
}

export const agentPath = '/usr/local/bin/slipway-agent';

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function renderUserData(request: RenderUserDataRequest): string {
  const { machine } = request;
  if (!bootstrapTokenPattern.test(request.token)) throw new InvalidBootstrapInputError('token', 'must have the form [a-z0-9]{6}.[a-z0-9]{16}');
  if (!publicKeyHashPattern.test(request.caHash)) {
    throw new InvalidBootstrapInputError('caHash', 'must be sha256:<64 hex digits>, the pin startNodeAuthorizationService returns');
  }
  let serviceUrl: URL;
  try {
    serviceUrl = new URL(request.serviceUrl);
  } catch {
    throw new InvalidBootstrapInputError('serviceUrl', `${JSON.stringify(request.serviceUrl)} is not a URL; pass the url startNodeAuthorizationService returns`);
  }
  if (serviceUrl.protocol !== 'https:') throw new InvalidBootstrapInputError('serviceUrl', 'must be https: the agent sends its token over it');
  const machineUid = machine.metadata.uid;
  if (!machineUid) throw new InvalidBootstrapInputError('Machine metadata.uid', 'is required; render user data only for a stored Machine');

  const documents = kubeadmDocuments(request.cluster, machine, request.role);
  const settings = {
    SLIPWAY_SERVICE_URL: serviceUrl.toString().replace(/\/$/, ''),
    SLIPWAY_CA_HASH: request.caHash,
    SLIPWAY_MACHINE_UID: machineUid,
    SLIPWAY_NODE_NAME: machine.metadata.name ?? '',
    SLIPWAY_ROLE: request.role,
  };
  const cloudConfig = {
    write_files: [
      {
        path: '/etc/slipway/bootstrap.env',
        permissions: '0644',
        content: Object.entries(settings)
          .map(([name, value]) => `${name}=${shellQuote(value)}\n`)
          .join(''),
      },
      { path: '/etc/slipway/bootstrap-token', permissions: '0600', content: request.token },
      { path: '/etc/slipway/kubeadm.yaml', permissions: '0644', content: documents.map((document) => stringify(document)).join('---\n') },
      { path: agentPath, permissions: '0755', encoding: 'gzip+b64', content: gzipSync(agentScript(), { level: 9 }).toString('base64') },
    ],
    runcmd: [`sh "\${SLIPWAY_ROOT}${agentPath}"`],
  };
  const userData = `#cloud-config\n${stringify(cloudConfig, { lineWidth: 0 })}`;
  checkUserDataSize(userData, request.cloud);
  return userData;
}
