/**
 * What `kubectl apply --dry-run=client` asks an API server before it decides a
 * CustomResourceDefinition would be created: the server version, the API group
 * list, the apiextensions.k8s.io/v1 resource list, and a GET of each object
 * (answered 404, so each is "created"). Listens on 127.0.0.1 only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DiscoveryStandIn {
  url: string;
  close(): Promise<void>;
}

const answers = new Map<string, unknown>([
  ['/version', { major: '1', minor: '31', gitVersion: 'v1.31.2' }],
  ['/api', { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] }],
  ['/api/v1', { kind: 'APIResourceList', groupVersion: 'v1', resources: [] }],
  [
    '/apis',
    {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [{ name: 'apiextensions.k8s.io', versions: [{ groupVersion: 'apiextensions.k8s.io/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apiextensions.k8s.io/v1', version: 'v1' } }],
    },
  ],
  [
    '/apis/apiextensions.k8s.io/v1',
    {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'apiextensions.k8s.io/v1',
      resources: [
        {
          name: 'customresourcedefinitions',
          singularName: 'customresourcedefinition',
          namespaced: false,
          kind: 'CustomResourceDefinition',
          verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
          shortNames: ['crd'],
        },
      ],
    },
  ],
]);

export async function startDiscoveryStandIn(): Promise<DiscoveryStandIn> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    const answer = request.method === 'GET' ? answers.get(path) : undefined;
    response.setHeader('content-type', 'application/json');
    if (answer === undefined) response.statusCode = 404;
    response.end(JSON.stringify(answer ?? { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${path} not found` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
