/**
 * The Metal API v1 (`/metal/v1/...`) as an HttpEmulatorService: checks the
 * `X-Auth-Token`, routes each request to its handler, names it by the API's
 * operationId (`createDevice`, `findProjectDevices`, ...) for the call log and
 * fault filters, pages lists, and renders every error as the API does. An
 * optional observer sees every request with the answer it got, which is how
 * tests check both against the OpenAPI description.
 */
import type { CloudFault } from '../faults/cloud-fault.js';
import type { EmulatorHttpReply, EmulatorHttpRequest, HttpEmulatorService } from '../server/emulator-http-request.js';
import type { MetalCloud } from './metal-cloud.js';
import {
  createDevice,
  deleteDevice,
  filterDevices,
  metalApiBasePath,
  renderDevice,
  renderFacility,
  renderMetro,
  requireDevice,
  updateDevice,
} from './metal-devices.js';
import { metalError, metalNotFound, renderMetalError } from './metal-error.js';
import { assignAddress, assignmentsOf, createReservation, deleteAddress, renderAssignment, renderReservation } from './metal-ip-addresses.js';
import { paginate } from './metal-page.js';

/** A request and the answer it got, for checks against the API description. */
export type MetalExchangeObserver = (exchange: { operationId: string; request: EmulatorHttpRequest; reply: EmulatorHttpReply }) => void;

interface Route {
  operationId: string;
  /** The `{id}` of the path. */
  id?: string;
}

const routes: ReadonlyArray<{ method: string; pattern: RegExp; operationId: string }> = [
  { method: 'GET', pattern: /^\/projects\/([^/]+)$/, operationId: 'findProjectById' },
  { method: 'GET', pattern: /^\/projects\/([^/]+)\/devices$/, operationId: 'findProjectDevices' },
  { method: 'POST', pattern: /^\/projects\/([^/]+)\/devices$/, operationId: 'createDevice' },
  { method: 'GET', pattern: /^\/projects\/([^/]+)\/ips$/, operationId: 'findIPReservations' },
  { method: 'POST', pattern: /^\/projects\/([^/]+)\/ips$/, operationId: 'requestIPReservation' },
  { method: 'GET', pattern: /^\/devices\/([^/]+)$/, operationId: 'findDeviceById' },
  { method: 'PUT', pattern: /^\/devices\/([^/]+)$/, operationId: 'updateDevice' },
  { method: 'DELETE', pattern: /^\/devices\/([^/]+)$/, operationId: 'deleteDevice' },
  { method: 'GET', pattern: /^\/devices\/([^/]+)\/ips$/, operationId: 'findIPAssignments' },
  { method: 'POST', pattern: /^\/devices\/([^/]+)\/ips$/, operationId: 'createIPAssignment' },
  { method: 'GET', pattern: /^\/ips\/([^/]+)$/, operationId: 'findIPAddressById' },
  { method: 'DELETE', pattern: /^\/ips\/([^/]+)$/, operationId: 'deleteIPAddress' },
  { method: 'GET', pattern: /^\/locations\/metros$/, operationId: 'findMetros' },
  { method: 'GET', pattern: /^\/facilities$/, operationId: 'findFacilities' },
  { method: 'GET', pattern: /^\/plans$/, operationId: 'findPlans' },
  { method: 'GET', pattern: /^\/operating-systems$/, operationId: 'findOperatingSystems' },
];

function route(request: EmulatorHttpRequest): Route | undefined {
  if (!request.path.startsWith(`${metalApiBasePath}/`)) return undefined;
  const path = request.path.slice(metalApiBasePath.length).replace(/\/$/, '');
  for (const candidate of routes) {
    if (candidate.method !== request.method) continue;
    const match = candidate.pattern.exec(path);
    if (match) return { operationId: candidate.operationId, ...(match[1] !== undefined ? { id: match[1] } : {}) };
  }
  return undefined;
}

function bodyObject(request: EmulatorHttpRequest): Record<string, unknown> {
  const body = request.json();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw metalError(422, 'The request body must be a JSON object');
  return body as Record<string, unknown>;
}

export interface MetalServiceOptions {
  observe?: MetalExchangeObserver;
}

export function createMetalService(cloud: MetalCloud, options: MetalServiceOptions = {}): HttpEmulatorService {
  const store = cloud.runtime.store;
  const ok = (body: Record<string, unknown>, status = 200): EmulatorHttpReply => ({ status, body });

  const requireProject = (id: string | undefined): string => {
    if (id === undefined || !cloud.projectIds.has(id)) throw metalNotFound();
    return id;
  };

  const deviceAssignments = (deviceId: string) => assignmentsOf(cloud, { deviceId }).map((assignment) => renderAssignment(cloud, assignment));

  const handle = (request: EmulatorHttpRequest, found: Route): EmulatorHttpReply => {
    const token = request.headers['x-auth-token'];
    if (token !== cloud.token) throw metalError(401, 'Invalid authentication token');
    const path = request.path;
    switch (found.operationId) {
      case 'findProjectById': {
        const id = requireProject(found.id);
        return ok({ id, name: `project-${id.slice(0, 8)}`, href: `${metalApiBasePath}/projects/${id}`, created_at: new Date(0).toISOString(), updated_at: new Date(0).toISOString() });
      }
      case 'createDevice': {
        const projectId = requireProject(found.id);
        const device = createDevice(cloud, projectId, bodyObject(request));
        return ok(renderDevice(cloud, device, []), 201);
      }
      case 'findProjectDevices': {
        const projectId = requireProject(found.id);
        const devices = filterDevices(store.list({ kind: 'instance' }).filter((device) => device.attributes['projectId'] === projectId), request.url);
        const page = paginate(devices, request.url, path);
        return ok({ devices: page.items.map((device) => renderDevice(cloud, device, deviceAssignments(device.id))), meta: page.meta });
      }
      case 'findDeviceById': {
        const device = requireDevice(cloud, found.id!);
        return ok(renderDevice(cloud, device, deviceAssignments(device.id)));
      }
      case 'updateDevice': {
        const device = requireDevice(cloud, found.id!);
        updateDevice(device, bodyObject(request));
        return ok(renderDevice(cloud, device, deviceAssignments(device.id)));
      }
      case 'deleteDevice': {
        // Deletion reads the truth: a device still invisible to lists is deleted all the same.
        deleteDevice(cloud, requireDevice(cloud, found.id!, { consistent: true }));
        return { status: 204 };
      }
      case 'requestIPReservation': {
        const projectId = requireProject(found.id);
        return ok(renderReservation(cloud, createReservation(cloud, projectId, bodyObject(request))), 201);
      }
      case 'findIPReservations': {
        const projectId = requireProject(found.id);
        const types = request.url.searchParams.get('types')?.split(',').filter(Boolean);
        const reservations = store
          .list({ kind: 'ip-reservation' })
          .filter((reservation) => reservation.attributes['projectId'] === projectId)
          .filter((reservation) => types === undefined || types.includes(String(reservation.attributes['type'])))
          .sort((left, right) => left.createdAt - right.createdAt || Number(left.attributes['sequence']) - Number(right.attributes['sequence']));
        const page = paginate(reservations, request.url, path);
        return ok({ ip_addresses: page.items.map((reservation) => renderReservation(cloud, reservation)), meta: page.meta });
      }
      case 'findIPAddressById': {
        const assignment = store.get('ip-assignment', found.id!);
        if (assignment !== undefined) return ok(renderAssignment(cloud, assignment));
        const reservation = store.get('ip-reservation', found.id!);
        if (reservation === undefined) throw metalNotFound();
        return ok(renderReservation(cloud, reservation));
      }
      case 'deleteIPAddress':
        deleteAddress(cloud, found.id!);
        return { status: 204 };
      case 'createIPAssignment': {
        const device = requireDevice(cloud, found.id!, { consistent: true });
        return ok(renderAssignment(cloud, assignAddress(cloud, device, bodyObject(request))), 201);
      }
      case 'findIPAssignments': {
        const device = requireDevice(cloud, found.id!);
        return ok({ ip_addresses: (renderDevice(cloud, device, deviceAssignments(device.id))['ip_addresses'] as unknown[]) });
      }
      case 'findMetros':
        return ok({ metros: [...cloud.metros.keys()].map((code) => renderMetro(cloud, code)) });
      case 'findFacilities':
        return ok({ facilities: [...cloud.facilities.keys()].map((code) => renderFacility(cloud, code)) });
      case 'findPlans':
        return ok({
          plans: [...cloud.plans].map((slug) => ({
            id: cloud.catalogueId('plan', slug),
            slug,
            name: slug,
            line: 'baremetal',
            available_in_metros: [...cloud.metros.values()].map((metro) => ({ href: `${metalApiBasePath}/locations/metros/${metro.id}` })),
          })),
        });
      case 'findOperatingSystems':
        return ok({ operating_systems: [...cloud.operatingSystems].map((slug) => ({ id: cloud.catalogueId('operating-system', slug), slug, name: slug, distro: slug.split('_')[0], provisionable_on: [...cloud.plans] })) });
      default:
        throw metalNotFound();
    }
  };

  return {
    actionOf: (request) => route(request)?.operationId ?? `unknown.${request.method.toLowerCase()}`,
    handle: (request, action) => {
      const found = route(request);
      if (found === undefined) throw metalError(404, `No route for ${request.method} ${request.path}`);
      const reply = handle(request, found);
      options.observe?.({ operationId: action, request, reply });
      return reply;
    },
    renderError: (fault: CloudFault, request, action) => {
      const reply = renderMetalError(fault);
      options.observe?.({ operationId: action, request, reply });
      return reply;
    },
  };
}
