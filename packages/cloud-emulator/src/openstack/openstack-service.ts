/**
 * One HTTP service for the whole emulated OpenStack, with each API under its
 * own path, as devstack serves them: `/identity/v3`, `/compute/v2.1`,
 * `/network/v2.0`, `/load-balancer/v2`, `/image/v2`. Every service but Keystone
 * wants a valid `X-Auth-Token` (401 in Keystone's shape otherwise, as
 * keystonemiddleware answers). Actions are named `<service>.<collection>.<verb>`
 * (`compute.servers.create`) for the call log and fault filters, and errors are
 * rendered in each service's own shape.
 */
import type { EmulatorHttpReply, EmulatorHttpRequest, HttpEmulatorService } from '../server/emulator-http-request.js';
import { handleGlanceImages } from './glance-images.js';
import type { KeystoneIdentity } from './keystone-identity.js';
import type { NeutronNetworking } from './neutron-networking.js';
import type { NovaCompute } from './nova-compute.js';
import type { OctaviaLoadBalancing } from './octavia-load-balancing.js';
import type { OpenStackCloud } from './openstack-cloud.js';
import { openStackError, renderOpenStackError, type OpenStackServiceName } from './openstack-error.js';

/** Path prefix of each service, and the version segment clients add. */
export const openStackServicePaths = {
  identity: '/identity/v3',
  compute: '/compute/v2.1',
  network: '/network/v2.0',
  'load-balancer': '/load-balancer/v2',
  image: '/image/v2',
} as const;

type ServiceKey = keyof typeof openStackServicePaths;

interface Located {
  service: ServiceKey;
  segments: string[];
}

function locate(path: string): Located | undefined {
  for (const [service, prefix] of Object.entries(openStackServicePaths) as [ServiceKey, string][]) {
    if (path === prefix || path.startsWith(`${prefix}/`)) {
      let segments = path.slice(prefix.length).split('/').filter(Boolean);
      // Octavia's resources live under /v2/lbaas.
      if (service === 'load-balancer' && segments[0] === 'lbaas') segments = segments.slice(1);
      return { service, segments };
    }
  }
  return undefined;
}

const verbs: Record<string, string> = { GET: 'get', POST: 'create', PUT: 'update', DELETE: 'delete' };

function actionOf(request: EmulatorHttpRequest): string {
  const located = locate(request.path);
  if (located === undefined) return 'unknown';
  const { service, segments } = located;
  if (service === 'identity') return segments.join('/') === 'auth/tokens' ? `identity.tokens.${verbs[request.method] ?? 'other'}` : 'identity.versions.get';
  const [collection = 'root', id, sub, subId] = segments;
  if (sub !== undefined && !/^[0-9a-f-]{32,36}$/.test(sub)) {
    // Sub-resources and actions: servers/{id}/metadata, routers/{id}/add_router_interface, pools/{id}/members.
    const subVerb = subId === undefined && request.method === 'GET' ? 'list' : verbs[request.method] ?? 'other';
    return `${service}.${collection}.${sub}.${request.method === 'PUT' && sub.includes('interface') ? sub : subVerb}`;
  }
  if (id === undefined || id === 'detail') return `${service}.${collection}.${request.method === 'GET' ? 'list' : verbs[request.method] ?? 'other'}`;
  return `${service}.${collection}.${verbs[request.method] ?? 'other'}`;
}

export interface OpenStackServiceParts {
  cloud: OpenStackCloud;
  identity: KeystoneIdentity;
  compute: NovaCompute;
  networking: NeutronNetworking;
  loadBalancing: OctaviaLoadBalancing;
  /**
   * Validates tokens of another Keystone (a real one whose catalog points here), as keystonemiddleware
   * asks its Keystone; without it only tokens of the emulator's own Keystone are accepted.
   */
  validateToken?: (token: string) => boolean | Promise<boolean>;
}

export function createOpenStackService(parts: OpenStackServiceParts): HttpEmulatorService {
  const { cloud, identity, compute, networking, loadBalancing, validateToken } = parts;
  const handle = async (request: EmulatorHttpRequest): Promise<EmulatorHttpReply> => {
    const located = locate(request.path);
    if (located === undefined) throw openStackError(404, 'NotFound', `The resource could not be found: ${request.path}`);
    const { service, segments } = located;
    if (service === 'identity') {
      if (segments.join('/') === 'auth/tokens' && request.method === 'POST') return identity.issue(request.json());
      if (segments.length === 0 && request.method === 'GET') return identity.versionDocument(`${request.url.origin}${openStackServicePaths.identity}`);
      throw openStackError(404, 'NotFound', 'The resource could not be found.');
    }
    const header = request.headers['x-auth-token'];
    const token = typeof header === 'string' ? header : undefined;
    const valid = validateToken !== undefined ? token !== undefined && (await validateToken(token)) : cloud.validToken(token) !== undefined;
    if (!valid) {
      throw openStackError(401, 'Unauthorized', 'The request you have made requires authentication.');
    }
    switch (service) {
      case 'compute':
        return compute.handle(request, segments);
      case 'network':
        return networking.handle(request, segments);
      case 'load-balancer':
        return loadBalancing.handle(request, segments);
      case 'image':
        return handleGlanceImages(cloud, request, segments);
    }
  };
  return {
    actionOf,
    handle,
    renderError: (fault, request) => {
      const located = locate(request.path);
      // keystonemiddleware answers 401 for every service, in Keystone's shape.
      const service: OpenStackServiceName = fault.status === 401 || located === undefined || located.service === 'image' ? 'identity' : located.service;
      return renderOpenStackError(fault, service);
    },
  };
}
