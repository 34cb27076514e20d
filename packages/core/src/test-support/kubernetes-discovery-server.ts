/**
 * A stand-in for the read-only part of a Kubernetes API server that `kubectl` needs
 * before a client-side dry run: the version and the discovery documents for the
 * CustomResourceDefinition API and for cluster.k8s.io/v1alpha1. Every other path
 * answers 404 as a Status, so `kubectl apply` sees that no object exists yet.
 * Listens on 127.0.0.1 only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clusterApiGroup, clusterApiGroupVersion, clusterApiKindNames, clusterApiKinds, clusterApiVersion } from '../index.js';

export interface KubernetesDiscoveryServer {
  url: string;
  /** Every request as `METHOD path`, in order, query strings left out. */
  requests: string[];
  close(): Promise<void>;
}

const verbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

const documents: Record<string, unknown> = {
  '/version': { major: '1', minor: '32', gitVersion: 'v1.32.0' },
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [] },
  '/apis': {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [
      group('apiextensions.k8s.io', 'v1'),
      group(clusterApiGroup, clusterApiVersion),
    ],
  },
  '/apis/apiextensions.k8s.io/v1': {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'apiextensions.k8s.io/v1',
    resources: [{ name: 'customresourcedefinitions', singularName: 'customresourcedefinition', namespaced: false, kind: 'CustomResourceDefinition', verbs, shortNames: ['crd'] }],
  },
  [`/apis/${clusterApiGroupVersion}`]: {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: clusterApiGroupVersion,
    resources: clusterApiKindNames.map((kind) => ({
      name: clusterApiKinds[kind].plural,
      singularName: kind.toLowerCase(),
      namespaced: true,
      kind,
      verbs,
    })),
  },
};

function group(name: string, version: string): unknown {
  const groupVersion = { groupVersion: `${name}/${version}`, version };
  return { name, versions: [groupVersion], preferredVersion: groupVersion };
}

export async function startKubernetesDiscoveryServer(): Promise<KubernetesDiscoveryServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    requests.push(`${request.method} ${path}`);
    response.setHeader('content-type', 'application/json');
    const document = documents[path];
    if (request.method === 'GET' && document !== undefined) {
      response.end(JSON.stringify(document));
      return;
    }
    response.statusCode = 404;
    response.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', message: `${path} not found`, code: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
