import type { Cluster, Machine } from '@slipway/core';

/** Small Cluster and Machine objects as the store would hand them over. */
export function testCluster(overrides: { name?: string; uid?: string; apiEndpoint?: { host: string; port: number } | null } = {}): Cluster {
  const endpoint = overrides.apiEndpoint === undefined ? { host: '10.0.0.10', port: 6443 } : overrides.apiEndpoint;
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Cluster',
    metadata: { name: overrides.name ?? 'alpha', namespace: 'default', uid: overrides.uid ?? 'cluster-uid-alpha' },
    spec: {
      clusterNetwork: { services: { cidrBlocks: ['10.96.0.0/12'] }, pods: { cidrBlocks: ['192.168.0.0/16'] }, serviceDomain: 'cluster.local' },
    },
    status: endpoint ? { apiEndpoints: [endpoint] } : {},
  };
}

export function testMachine(options: {
  name: string;
  uid: string;
  controlPlane?: boolean;
  clusterName?: string;
  labels?: Record<string, string>;
  taints?: Machine['spec']['taints'];
  addresses?: NonNullable<Machine['status']>['addresses'];
  /** Kubernetes version of kubelet (and control plane); a current one by default. */
  version?: string;
}): Machine {
  return {
    apiVersion: 'cluster.k8s.io/v1alpha1',
    kind: 'Machine',
    metadata: { name: options.name, namespace: 'default', uid: options.uid, labels: { 'cluster.k8s.io/cluster-name': options.clusterName ?? 'alpha' } },
    spec: {
      ...(options.labels ? { metadata: { labels: options.labels } } : {}),
      ...(options.taints ? { taints: options.taints } : {}),
      providerSpec: { value: { instanceType: 'small' } },
      versions: { kubelet: options.version ?? '1.37.2', ...(options.controlPlane ? { controlPlane: options.version ?? '1.37.2' } : {}) },
    },
    status: options.addresses ? { addresses: options.addresses } : {},
  };
}
