import type { Cluster, Machine, Taint } from '@slipway/core';
import { InvalidBootstrapInputError } from '../errors/invalid-bootstrap-input-error.js';
import type { MachineBootstrapRole } from '../service/node-authorizer.js';
import { nodeLabelsArgument } from './node-labels.js';

/**
 * kubeadm's documents for one Machine, derived from its Cluster (name,
 * networks, API endpoint) and itself (versions, taints, labels):
 * InitConfiguration + ClusterConfiguration for the machine that inits,
 * JoinConfiguration for the others. Paths are the machine's real paths.
 *
 * The API version follows the Kubernetes version the Machine runs:
 * `v1beta4` from 1.31 (kubeadm 1.37 reads nothing older; kubelet extra
 * arguments are a name/value list, the discovery timeout sits under
 * `timeouts`), `v1beta3` below it.
 */
export type KubeadmApiVersion = 'kubeadm.k8s.io/v1beta3' | 'kubeadm.k8s.io/v1beta4';
/** The first Kubernetes minor whose kubeadm reads v1beta4. */
export const kubeadmV1beta4Since = { major: 1, minor: 31 };

export function kubeadmApiVersionFor(kubernetesVersion: string): KubeadmApiVersion {
  const match = /^v?(\d+)\.(\d+)\./.exec(kubernetesVersion);
  if (!match) {
    throw new InvalidBootstrapInputError('Machine spec.versions', `${JSON.stringify(kubernetesVersion)} is not a Kubernetes version; use one such as 1.37.2`);
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const v1beta4 = major > kubeadmV1beta4Since.major || (major === kubeadmV1beta4Since.major && minor >= kubeadmV1beta4Since.minor);
  return v1beta4 ? 'kubeadm.k8s.io/v1beta4' : 'kubeadm.k8s.io/v1beta3';
}
/** Written by the agent from what the node-authorization service returned. */
export const discoveryKubeconfigPath = '/etc/kubernetes/discovery.conf';

function withV(version: string): string {
  return version.startsWith('v') ? version : `v${version}`;
}

function kubeadmTaints(taints: readonly Taint[] | undefined, role: MachineBootstrapRole): Array<Record<string, string>> | undefined {
  // Unset on a control plane lets kubeadm add its own control-plane taint; a worker gets none unless asked.
  if (taints === undefined) return role === 'worker' ? [] : undefined;
  return taints.map((taint) => ({ key: taint.key, ...(taint.value !== undefined ? { value: taint.value } : {}), effect: taint.effect }));
}

function nodeRegistration(machine: Machine, role: MachineBootstrapRole, apiVersion: KubeadmApiVersion): Record<string, unknown> {
  const registration: Record<string, unknown> = { name: machine.metadata.name };
  const taints = kubeadmTaints(machine.spec.taints, role);
  if (taints !== undefined) registration['taints'] = taints;
  const labels = nodeLabelsArgument(machine.spec.metadata?.labels, 'Machine spec.metadata.labels');
  if (labels !== undefined) {
    registration['kubeletExtraArgs'] = apiVersion === 'kubeadm.k8s.io/v1beta4' ? [{ name: 'node-labels', value: labels }] : { 'node-labels': labels };
  }
  return registration;
}

/** File discovery, with its timeout where each API version keeps it. */
function joinDiscovery(apiVersion: KubeadmApiVersion): Record<string, unknown> {
  const file = { kubeConfigPath: discoveryKubeconfigPath };
  return apiVersion === 'kubeadm.k8s.io/v1beta4' ? { discovery: { file }, timeouts: { discovery: '5m0s' } } : { discovery: { file, timeout: '5m0s' } };
}

export function controlPlaneEndpointOf(cluster: Cluster): string | undefined {
  const endpoint = cluster.status?.apiEndpoints?.[0];
  return endpoint ? `${endpoint.host}:${endpoint.port}` : undefined;
}

export function kubeadmDocuments(cluster: Cluster, machine: Machine, role: MachineBootstrapRole): Array<Record<string, unknown>> {
  if (!machine.metadata.name) throw new InvalidBootstrapInputError('Machine metadata.name', 'is required: it becomes the node name');
  if (role === 'worker') {
    const apiVersion = kubeadmApiVersionFor(machine.spec.versions.kubelet);
    return [{ apiVersion, kind: 'JoinConfiguration', nodeRegistration: nodeRegistration(machine, role, apiVersion), ...joinDiscovery(apiVersion) }];
  }
  const version = machine.spec.versions.controlPlane;
  if (!version) {
    throw new InvalidBootstrapInputError('Machine spec.versions.controlPlane', 'is required for a control-plane machine; set it to the Kubernetes version to run');
  }
  const kubeadmApiVersion = kubeadmApiVersionFor(version);
  if (role === 'control-plane') {
    return [
      {
        apiVersion: kubeadmApiVersion,
        kind: 'JoinConfiguration',
        nodeRegistration: nodeRegistration(machine, role, kubeadmApiVersion),
        ...joinDiscovery(kubeadmApiVersion),
        controlPlane: { localAPIEndpoint: { bindPort: 6443 } },
      },
    ];
  }
  const network = cluster.spec.clusterNetwork;
  const endpoint = controlPlaneEndpointOf(cluster);
  const clusterConfiguration: Record<string, unknown> = {
    apiVersion: kubeadmApiVersion,
    kind: 'ClusterConfiguration',
    clusterName: cluster.metadata.name,
    kubernetesVersion: withV(version),
    certificatesDir: '/etc/kubernetes/pki',
    networking: {
      serviceSubnet: network.services.cidrBlocks.join(','),
      podSubnet: network.pods.cidrBlocks.join(','),
      dnsDomain: network.serviceDomain,
    },
  };
  if (endpoint) {
    clusterConfiguration['controlPlaneEndpoint'] = endpoint;
    clusterConfiguration['apiServer'] = { certSANs: [cluster.status?.apiEndpoints?.[0]?.host] };
  }
  return [
    {
      apiVersion: kubeadmApiVersion,
      kind: 'InitConfiguration',
      // kubeadm's own bootstrap token (used by its CSR approval wiring) lives briefly; our machines never use it.
      bootstrapTokens: [{ ttl: '15m0s', usages: ['signing', 'authentication'], groups: ['system:bootstrappers:kubeadm:default-node-token'] }],
      nodeRegistration: nodeRegistration(machine, role, kubeadmApiVersion),
      localAPIEndpoint: { bindPort: 6443 },
    },
    clusterConfiguration,
  ];
}
