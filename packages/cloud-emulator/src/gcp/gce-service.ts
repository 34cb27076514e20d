/**
 * The Compute Engine REST API (`/compute/v1/projects/{project}/...`) as an
 * HttpEmulatorService: routes each request to its collection, names it the way
 * Google names its methods (`compute.instances.insert`,
 * `compute.zoneOperations.wait`) for the call log and fault filters, applies
 * `requestId` idempotency to every mutation, filters and paginates lists, and
 * renders every error in Google's JSON shape.
 */
import type { HttpEmulatorService, EmulatorHttpReply, EmulatorHttpRequest } from '../server/emulator-http-request.js';
import type { StoredResource } from '../store/stored-resource.js';
import type { GceCloud } from './gce-cloud.js';
import type { GceCollection } from './gce-collection.js';
import { gceError, gceInvalidField, gceNotFound, renderGceError, type GceErrorRendering } from './gce-error.js';
import { matchesGceFilter, parseGceFilter } from './gce-filter.js';
import { disksCollection, instancesCollection, setInstanceLabels } from './gce-instances.js';
import { validateGceName } from './gce-labels.js';
import {
  addTargetPoolInstances,
  addressesCollection,
  forwardingRulesCollection,
  removeTargetPoolInstances,
  targetPoolsCollection,
} from './gce-load-balancing-collections.js';
import { firewallsCollection, networksCollection, subnetworksCollection } from './gce-network-collections.js';
import type { GceOperation } from './gce-operations.js';
import { paginateByName } from './gce-page.js';
import { linkOf, scopePathOf, storeIdOf, type GceLocation, type GceScopeType } from './gce-resource-path.js';

export const gceCollections: readonly GceCollection[] = [
  instancesCollection,
  disksCollection,
  networksCollection,
  subnetworksCollection,
  firewallsCollection,
  addressesCollection,
  targetPoolsCollection,
  forwardingRulesCollection,
];

const listKinds: Record<string, string> = {
  instances: 'instanceList',
  disks: 'diskList',
  networks: 'networkList',
  subnetworks: 'subnetworkList',
  firewalls: 'firewallList',
  addresses: 'addressList',
  targetPools: 'targetPoolList',
  forwardingRules: 'forwardingRuleList',
};

const operationsMethodPrefix: Record<GceScopeType, string> = {
  zones: 'zoneOperations',
  regions: 'regionOperations',
  global: 'globalOperations',
};

interface Route {
  action: string;
  location: GceLocation;
  collection?: GceCollection;
  /** `operations` routes name an operation instead of a collection. */
  operations?: boolean;
  /** `zones.list` and `zones.get`. */
  zones?: boolean;
  name?: string;
  verb?: string;
}


function route(request: EmulatorHttpRequest): Route | undefined {
  const zones = /^\/compute\/v1\/projects\/([^/]+)\/zones(?:\/([^/]+))?\/?$/.exec(request.path);
  if (zones && request.method === 'GET') {
    return { action: zones[2] === undefined ? 'compute.zones.list' : 'compute.zones.get', location: { project: zones[1]!, scopeType: 'global' }, zones: true, ...(zones[2] !== undefined ? { name: zones[2] } : {}) };
  }
  const match = /^\/compute\/v1\/projects\/([^/]+)\/(?:(global)|(zones|regions)\/([^/]+))\/([A-Za-z]+)(?:\/([^/]+))?(?:\/([A-Za-z]+))?\/?$/.exec(request.path);
  if (!match) return undefined;
  const [, project, , scopeType = 'global', scopeName, collectionName, name, verb] = match;
  const location: GceLocation = { project: project!, scopeType: scopeType as GceScopeType, ...(scopeName !== undefined ? { scopeName } : {}) };
  const method = request.method;
  if (collectionName === 'operations') {
    const prefix = `compute.${operationsMethodPrefix[location.scopeType]}`;
    if (name === undefined) return undefined;
    if (verb === 'wait' && method === 'POST') return { action: `${prefix}.wait`, location, operations: true, name };
    if (verb === undefined && method === 'GET') return { action: `${prefix}.get`, location, operations: true, name };
    return undefined;
  }
  const collection = gceCollections.find((candidate) => candidate.collection === collectionName && candidate.scopeType === location.scopeType);
  if (!collection) return undefined;
  const prefix = `compute.${collection.collection}`;
  if (name === undefined) {
    if (method === 'GET') return { action: `${prefix}.list`, location, collection };
    if (method === 'POST') return { action: `${prefix}.insert`, location, collection };
    return undefined;
  }
  if (verb === undefined) {
    if (method === 'GET') return { action: `${prefix}.get`, location, collection, name };
    if (method === 'DELETE') return { action: `${prefix}.delete`, location, collection, name };
    return undefined;
  }
  if (method === 'POST' && collection === instancesCollection && verb === 'setLabels') {
    return { action: `${prefix}.${verb}`, location, collection, name, verb };
  }
  if (method === 'POST' && collection === targetPoolsCollection && (verb === 'addInstance' || verb === 'removeInstance')) {
    return { action: `${prefix}.${verb}`, location, collection, name, verb };
  }
  return undefined;
}

function resourcePath(location: GceLocation, collection: string, name: string): string {
  return `${scopePathOf(location)}/${collection}/${name}`;
}

function bodyObject(request: EmulatorHttpRequest): Record<string, unknown> {
  const body = request.json();
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw gceError(400, 'parseError', 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

export interface GceServiceOptions extends Partial<GceErrorRendering> {}

export function createGceService(cloud: GceCloud, options: GceServiceOptions = {}): HttpEmulatorService {
  const rendering: GceErrorRendering = { throttlingStatus: options.throttlingStatus ?? 403 };
  const store = cloud.runtime.store;
  const clock = cloud.runtime.clock;

  const ok = (body: Record<string, unknown>): EmulatorHttpReply => ({ status: 200, body });
  const operationReply = (operation: GceOperation) => ok(cloud.operations.render(operation));

  const checkLocation = (location: GceLocation): void => {
    if (!cloud.projects.has(location.project)) throw gceNotFound(`projects/${location.project}`);
    if (location.scopeType === 'zones' && !cloud.zones.includes(location.scopeName ?? '')) throw gceNotFound(`projects/${location.project}/zones/${location.scopeName}`);
    if (location.scopeType === 'regions' && !cloud.regions.has(location.scopeName ?? '')) throw gceNotFound(`projects/${location.project}/regions/${location.scopeName}`);
  };

  const startOperation = (
    location: GceLocation,
    operationType: string,
    targetLink: string,
    requestId: string | null,
    fields: Partial<Pick<GceOperation, 'doneAt' | 'doneWhen' | 'error' | 'targetId'>> = {},
  ): GceOperation =>
    cloud.operations.start({
      location,
      operationType,
      targetLink,
      doneAt: fields.doneAt ?? clock.now() + cloud.operationMilliseconds,
      ...(fields.doneWhen ? { doneWhen: fields.doneWhen } : {}),
      ...(fields.error ? { error: fields.error } : {}),
      ...(fields.targetId !== undefined ? { targetId: fields.targetId } : {}),
      ...(requestId ? { requestId } : {}),
    });

  const requireResource = (collection: GceCollection, location: GceLocation, name: string, consistent: boolean): StoredResource => {
    const resource = store.get(collection.kind, storeIdOf(location, name), { consistent });
    if (!resource) throw gceNotFound(resourcePath(location, collection.collection, name));
    return resource;
  };

  const handle = async (request: EmulatorHttpRequest, found: Route): Promise<EmulatorHttpReply> => {
    const { location } = found;
    checkLocation(location);
    const requestId = request.url.searchParams.get('requestId');

    if (found.zones) {
      const renderZone = (zone: string) => ({
        kind: 'compute#zone',
        name: zone,
        status: 'UP',
        region: `https://www.googleapis.com/compute/v1/projects/${location.project}/regions/${zone.replace(/-[a-z]$/, '')}`,
        selfLink: `https://www.googleapis.com/compute/v1/projects/${location.project}/zones/${zone}`,
      });
      if (found.name !== undefined) {
        if (!cloud.zones.includes(found.name)) throw gceNotFound(`projects/${location.project}/zones/${found.name}`);
        return ok(renderZone(found.name));
      }
      const filterText = request.url.searchParams.get('filter') ?? '';
      const filter = parseGceFilter(filterText);
      const { page, nextPageToken } = paginateByName(cloud.zones.map(renderZone).filter((zone) => matchesGceFilter(filter, zone)), {
        maxResults: request.url.searchParams.get('maxResults'),
        pageToken: request.url.searchParams.get('pageToken'),
        filter: filterText,
      });
      return ok({ kind: 'compute#zoneList', items: page, ...(nextPageToken !== undefined ? { nextPageToken } : {}) });
    }

    if (found.operations) {
      const operation = cloud.operations.find(location, found.name!);
      if (!operation) throw gceNotFound(`${scopePathOf(location)}/operations/${found.name}`);
      if (found.action.endsWith('.wait')) await cloud.operations.wait(operation);
      return operationReply(operation);
    }

    const collection = found.collection!;
    const method = found.action.slice(found.action.lastIndexOf('.') + 1);
    switch (method) {
      case 'insert': {
        const body = bodyObject(request);
        const original = cloud.operations.findByRequestId(location.project, requestId);
        if (original) return operationReply(original);
        const name = validateGceName(body['name'], 'resource.name');
        if (store.get(collection.kind, storeIdOf(location, name), { consistent: true })) {
          throw gceError(409, 'alreadyExists', `The resource '${resourcePath(location, collection.collection, name)}' already exists`);
        }
        const outcome = collection.insert(body, name, { cloud, location, requestId: requestId ?? undefined });
        const operation = startOperation(location, 'insert', linkOf(location, collection.collection, name), requestId, {
          ...(outcome.doneAt !== undefined ? { doneAt: outcome.doneAt } : {}),
          ...(outcome.operationError ? { error: outcome.operationError, doneAt: clock.now() + cloud.operationMilliseconds } : {}),
          ...(outcome.resource ? { targetId: String(outcome.resource.attributes['id']) } : {}),
        });
        return operationReply(operation);
      }
      case 'get':
        return ok(collection.render(requireResource(collection, location, found.name!, false), cloud));
      case 'list': {
        const filterText = request.url.searchParams.get('filter') ?? '';
        const filter = parseGceFilter(filterText);
        const rendered = store
          .list({ kind: collection.kind })
          .filter((resource) => resource.attributes['project'] === location.project)
          .filter((resource) => location.scopeType === 'global' || resource.attributes[location.scopeType === 'zones' ? 'zone' : 'region'] === location.scopeName)
          .map((resource) => collection.render(resource, cloud) as Record<string, unknown> & { name: string })
          .filter((resource) => matchesGceFilter(filter, resource));
        const { page, nextPageToken } = paginateByName(rendered, {
          maxResults: request.url.searchParams.get('maxResults'),
          pageToken: request.url.searchParams.get('pageToken'),
          filter: filterText,
        });
        return ok({
          kind: `compute#${listKinds[collection.collection] ?? collection.collection}`,
          id: `${scopePathOf(location)}/${collection.collection}`,
          ...(page.length > 0 ? { items: page } : {}),
          ...(nextPageToken !== undefined ? { nextPageToken } : {}),
          selfLink: `https://www.googleapis.com/compute/v1/${scopePathOf(location)}/${collection.collection}`,
        });
      }
      case 'delete': {
        const original = cloud.operations.findByRequestId(location.project, requestId);
        if (original) return operationReply(original);
        const resource = requireResource(collection, location, found.name!, true);
        const user = collection.usedBy?.(resource, cloud);
        if (user !== undefined) {
          throw gceError(400, 'resourceInUseByAnotherResource', `The ${collection.kind.replace('-', ' ')} resource '${resourcePath(location, collection.collection, found.name!)}' is already being used by '${user}'`);
        }
        const removal = collection.remove?.(resource, cloud);
        if (removal === undefined) {
          resource.state = 'deleted';
          store.remove(collection.kind, resource.id);
        }
        const operation = startOperation(location, 'delete', linkOf(location, collection.collection, found.name!), requestId, {
          targetId: String(resource.attributes['id']),
          ...(removal ? { doneAt: removal.doneAt, ...(removal.doneWhen ? { doneWhen: removal.doneWhen } : {}) } : {}),
        });
        return operationReply(operation);
      }
      case 'setLabels': {
        const body = bodyObject(request);
        const original = cloud.operations.findByRequestId(location.project, requestId);
        if (original) return operationReply(original);
        const instance = requireResource(collection, location, found.name!, true);
        setInstanceLabels(instance, body);
        return operationReply(startOperation(location, 'setLabels', linkOf(location, collection.collection, found.name!), requestId, { targetId: String(instance.attributes['id']) }));
      }
      case 'addInstance':
      case 'removeInstance': {
        const body = bodyObject(request);
        const original = cloud.operations.findByRequestId(location.project, requestId);
        if (original) return operationReply(original);
        const pool = requireResource(collection, location, found.name!, true);
        if (method === 'addInstance') addTargetPoolInstances(cloud, pool, body);
        else removeTargetPoolInstances(cloud, pool, body);
        return operationReply(startOperation(location, method, linkOf(location, collection.collection, found.name!), requestId, { targetId: String(pool.attributes['id']) }));
      }
      default:
        throw gceInvalidField('method', method, 'Not supported by the emulator.');
    }
  };

  return {
    actionOf: (request) => route(request)?.action ?? `compute.unknown.${request.method.toLowerCase()}`,
    handle: (request) => {
      const found = route(request);
      if (!found) throw gceError(404, 'notFound', `The requested URL ${request.method} ${request.path} was not found on this server.`);
      return handle(request, found);
    },
    renderError: (fault) => renderGceError(fault, rendering),
  };
}
