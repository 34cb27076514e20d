import type { Cluster, Machine, Taint } from '@slipway/core';
import { InvalidBootstrapInputError } from '../errors/invalid-bootstrap-input-error.js';
import type { MachineBootstrapRole } from '../service/node-authorizer.js';
import { nodeLabelsArgument } from './node-labels.js';

/**
 * kubeadm's v1beta3 documents for one Machine, derived from its Cluster
 * (name, networks, API endpoint) and itself (versions, taints, labels):
 * InitConfiguration + ClusterConfiguration for the machine that inits,
 * JoinConfiguration for the others. Paths are the machine's real paths.
 */
export const kubeadmApiVersion = 'kubeadm.k8s.io/v1beta3';
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

function nodeRegistration(machine: Machine, role: MachineBootstrapRole): Record<string, unknown> {
  const registration: Record<string, unknown> = { name: machine.metadata.name };
  const taints = kubeadmTaints(machine.spec.taints, role);
  if (taints !== undefined) registration['taints'] = taints;
  const labels = nodeLabelsArgument(machine.spec.metadata?.labels, 'Machine spec.metadata.labels');
  if (labels !== undefined) registration['kubeletExtraArgs'] = { 'node-labels': labels };
  return registration;
}

export function controlPlaneEndpointOf(cluster: Cluster): string | undefined {
  const endpoint = cluster.status?.apiEndpoints?.[0];
  return endpoint ? `${endpoint.host}:${endpoint.port}` : undefined;
}

export function kubeadmDocuments(cluster: Cluster, machine: Machine, role: MachineBootstrapRole): Array<Record<string, unknown>> {
  if (!machine.metadata.name) throw new InvalidBootstrapInputError('Machine metadata.name', 'is required: it becomes the node name');
  if (role === 'worker') {
    return [
      {
        apiVersion: kubeadmApiVersion,
        kind: 'JoinConfiguration',
        nodeRegistration: nodeRegistration(machine, role),
        discovery: { file: { kubeConfigPath: discoveryKubeconfigPath }, timeout: '5m0s' },
      },
    ];
  }
  const version = machine.spec.versions.controlPlane;
  if (!version) {
    throw new InvalidBootstrapInputError('Machine spec.versions.controlPlane', 'is required for a control-plane machine; set it to the Kubernetes version to run');
  }
  if (role === 'control-plane') {
    return [
      {
        apiVersion: kubeadmApiVersion,
        kind: 'JoinConfiguration',
        nodeRegistration: nodeRegistration(machine, role),
        discovery: { file: { kubeConfigPath: discoveryKubeconfigPath }, timeout: '5m0s' },
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
      nodeRegistration: nodeRegistration(machine, role),
      localAPIEndpoint: { bindPort: 6443 },
    },
    clusterConfiguration,
  ];
}
