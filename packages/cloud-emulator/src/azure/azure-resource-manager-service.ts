/**
 * The Resource Manager's HTTP surface: routes each request by its ARM path
 * (without regard to case), requires `api-version`, names each request by its
 * RBAC-style operation (`Microsoft.Compute/virtualMachines/write`,
 * `.../read`, `.../list`, `.../delete`, `Microsoft.Network/locations/operations/read`)
 * for the call log and the throttling buckets, and answers in ARM's shapes:
 * 201 + Azure-AsyncOperation for a write, 202 + Location for a delete,
 * 204 for a delete of nothing, `{ value, nextLink }` for lists.
 */
import { randomUUID } from 'node:crypto';
import type { StoredResource } from '../store/stored-resource.js';
import type { CloudFault } from '../faults/cloud-fault.js';
import type { EmulatorHttpReply, EmulatorHttpRequest, HttpEmulatorService } from '../server/emulator-http-request.js';
import { azureApiError, renderAzureError } from './azure-api-error.js';
import { AzureComputeResources } from './azure-compute-resources.js';
import { attributesOf, type AzureEmulatorContext } from './azure-emulator-context.js';
import type { AzureLongRunningOperation } from './azure-long-running-operations.js';
import { deleteNetworkResource, putNetworkResource, renderNetworkProperties, type AzureResourceAddress, type AzureWriteOutcome } from './azure-network-resources.js';
import { deleteResourceGroup, putResourceGroup, renderResourceGroup } from './azure-resource-groups.js';
import { readResourceBody } from './azure-resource-body.js';
import { azureResourceKey, parseAzureResourcePath, type AzureResourcePath } from './azure-resource-path.js';
import { azureResourceGroupKind, azureResourceTypeOf } from './azure-resource-types.js';

const verbs: Record<string, string> = { GET: 'read', PUT: 'write', PATCH: 'write', DELETE: 'delete', POST: 'action', HEAD: 'read' };

export class AzureResourceManagerService implements HttpEmulatorService {
  private readonly context: AzureEmulatorContext;
  private readonly compute: AzureComputeResources;

  constructor(context: AzureEmulatorContext) {
    this.context = context;
    this.compute = new AzureComputeResources(context);
  }

  actionOf(request: EmulatorHttpRequest): string {
    const path = parseAzureResourcePath(request.path);
    const verb = verbs[request.method] ?? 'action';
    switch (path.form) {
      case 'operation-status':
        return `${path.namespace}/locations/operations/read`;
      case 'operation-result':
        return `${path.namespace}/locations/operationResults/read`;
      case 'resource-group-collection':
        return 'Microsoft.Resources/resourceGroups/list';
      case 'resource-group':
        return `Microsoft.Resources/resourceGroups/${verb}`;
      case 'resource-collection':
        return `${azureResourceTypeOf(path.resourceType)?.type ?? path.resourceType}/list`;
      case 'resource':
        return `${azureResourceTypeOf(path.resourceType)?.type ?? path.resourceType}/${verb}`;
      default:
        return 'Unknown';
    }
  }

  renderError(fault: CloudFault): EmulatorHttpReply {
    const clock = this.context.runtime.clock;
    return renderAzureError(fault, {
      toRealSeconds: (seconds) => Math.round(seconds / (clock.mode === 'scaled' ? clock.speed : 1)),
      requestId: () => randomUUID(),
    });
  }

  handle(request: EmulatorHttpRequest): EmulatorHttpReply {
    const path = parseAzureResourcePath(request.path);
    if (path.form === 'unknown') {
      throw azureApiError(404, 'InvalidResourceType', `The resource path '${request.path}' is not served by this emulator.`);
    }
    if (!request.url.searchParams.has('api-version')) {
      throw azureApiError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
    }
    this.context.requireSubscription(path.subscriptionId);
    const origin = `${request.url.protocol}//${request.url.host}`;
    const apiVersion = request.url.searchParams.get('api-version')!;
    switch (path.form) {
      case 'operation-status':
      case 'operation-result':
        return this.operationReply(path, request);
      case 'resource-group-collection':
        this.requireMethod(request, ['GET']);
        return this.listReply(request, this.context.store.list({ kind: azureResourceGroupKind }).filter((group) => group.state !== 'deleting'), renderResourceGroup);
      case 'resource-group':
        return this.resourceGroupReply(path.resourceGroupName, request, origin, apiVersion);
      case 'resource-collection':
        return this.collectionReply(path, request);
      case 'resource':
        return this.resourceReply(path, request, origin, apiVersion);
    }
  }

  private requireMethod(request: EmulatorHttpRequest, methods: readonly string[]): void {
    if (!methods.includes(request.method)) {
      throw azureApiError(405, 'MethodNotAllowed', `The method ${request.method} is not allowed here; use ${methods.join(' or ')}.`);
    }
  }

  private operationReply(path: Extract<AzureResourcePath, { form: 'operation-status' | 'operation-result' }>, request: EmulatorHttpRequest): EmulatorHttpReply {
    this.requireMethod(request, ['GET']);
    const operation = this.context.operations.find(path.operationId);
    if (operation === undefined) throw azureApiError(404, 'OperationNotFound', `The operation '${path.operationId}' could not be found.`);
    const fallbackMs = this.context.settings.networkOperationMilliseconds;
    return path.form === 'operation-status'
      ? this.context.operations.statusReply(operation, fallbackMs)
      : this.context.operations.resultReply(operation, request.url.toString(), fallbackMs);
  }

  private resourceGroupReply(name: string, request: EmulatorHttpRequest, origin: string, apiVersion: string): EmulatorHttpReply {
    this.requireMethod(request, ['GET', 'PUT', 'DELETE', 'HEAD']);
    if (request.method === 'PUT') {
      const { resource, created } = putResourceGroup(this.context, name, request.json());
      return { status: created ? 201 : 200, body: renderResourceGroup(resource) };
    }
    if (request.method === 'DELETE') {
      // ResourceGroups_Delete answers 200 or 202 only: a group that is not there is a 404, not a 204.
      const deleting = deleteResourceGroup(this.context, name);
      if (deleting === undefined) throw azureApiError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
      return this.deleteReply(deleting, origin, apiVersion, { asyncOperation: false });
    }
    const group = this.context.resourceGroup(name);
    if (request.method === 'HEAD') return { status: group === undefined ? 404 : 204 };
    if (group === undefined) throw azureApiError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
    return { status: 200, body: renderResourceGroup(group) };
  }

  private address(path: { resourceGroupName: string; resourceType: string; parentNames: string[] }, name: string): AzureResourceAddress {
    const type = azureResourceTypeOf(path.resourceType);
    if (type === undefined) {
      throw azureApiError(400, 'NoRegisteredProviderFound', `No registered resource provider found for the resource type '${path.resourceType}'.`);
    }
    return { resourceGroupName: path.resourceGroupName, parentNames: path.parentNames, name, type };
  }

  private collectionReply(path: Extract<AzureResourcePath, { form: 'resource-collection' }>, request: EmulatorHttpRequest): EmulatorHttpReply {
    this.requireMethod(request, ['GET']);
    const { type } = this.address(path, '');
    this.context.requireResourceGroup(path.resourceGroupName);
    let parentKey: string | undefined;
    if (type.kind === 'subnet') {
      const virtualNetworkType = azureResourceTypeOf('Microsoft.Network/virtualNetworks')!;
      const virtualNetwork = this.context.findById(this.context.resourceId(virtualNetworkType, path.resourceGroupName, [], path.parentNames[0] ?? ''));
      if (virtualNetwork === undefined) throw azureApiError(404, 'ResourceNotFound', `The virtual network '${path.parentNames[0]}' was not found.`);
      parentKey = virtualNetwork.id;
    }
    // Lists come from ARM's cache: resources still inside the consistency window are not in them yet.
    const items = this.context
      .listInGroup(type.kind, path.resourceGroupName, parentKey !== undefined ? { parentKey } : {})
      .sort((left, right) => left.id.localeCompare(right.id));
    const expand = request.url.searchParams.get('$expand')?.toLowerCase() === 'instanceview';
    return this.listReply(request, items, (resource) => this.document(resource, expand));
  }

  private listReply(request: EmulatorHttpRequest, items: StoredResource[], render: (resource: StoredResource) => Record<string, unknown>): EmulatorHttpReply {
    const pageSize = this.context.settings.listPageSize;
    const skip = Number(request.url.searchParams.get('$skiptoken') ?? '0');
    const start = Number.isInteger(skip) && skip >= 0 ? skip : 0;
    const page = items.slice(start, start + pageSize);
    const body: Record<string, unknown> = { value: page.map(render) };
    if (start + pageSize < items.length) {
      const next = new URL(request.url.toString());
      next.searchParams.set('$skiptoken', String(start + pageSize));
      body['nextLink'] = next.toString();
    }
    return { status: 200, body };
  }

  private resourceReply(path: Extract<AzureResourcePath, { form: 'resource' }>, request: EmulatorHttpRequest, origin: string, apiVersion: string): EmulatorHttpReply {
    this.requireMethod(request, ['GET', 'PUT', 'PATCH', 'DELETE']);
    const address = this.address(path, path.name);
    const { type } = address;
    if (request.method === 'PATCH') return this.patchTags(path, request);
    if (request.method === 'PUT') {
      const body = request.json();
      const outcome: AzureWriteOutcome =
        type.kind === 'instance'
          ? this.compute.putVirtualMachine(address, body)
          : type.kind === 'disk'
            ? this.compute.putDisk(address, body)
            : putNetworkResource(this.context, address, body);
      if (isNetworkKind(type.kind)) renewEtag(outcome.resource);
      return this.writeReply(outcome, origin, apiVersion);
    }
    if (request.method === 'DELETE') {
      this.context.requireResourceGroup(path.resourceGroupName);
      const operation =
        type.kind === 'instance'
          ? this.compute.deleteVirtualMachine(address)
          : type.kind === 'disk'
            ? this.compute.deleteDisk(address)
            : deleteNetworkResource(this.context, address);
      // The network resource provider answers a delete with both headers; compute with Location alone.
      return this.deleteReply(operation, origin, apiVersion, { asyncOperation: isNetworkKind(type.kind) });
    }
    this.context.requireResourceGroup(path.resourceGroupName);
    const armId = this.context.resourceId(type, path.resourceGroupName, path.parentNames, path.name);
    const resource = this.context.store.get(type.kind, azureResourceKey(armId), { consistent: true });
    if (resource === undefined) {
      throw azureApiError(404, 'ResourceNotFound', `The Resource '${type.type}/${[...path.parentNames, path.name].join('/')}' under resource group '${path.resourceGroupName}' was not found.`);
    }
    const expand = request.url.searchParams.get('$expand')?.toLowerCase() === 'instanceview';
    return { status: 200, body: this.document(resource, expand) };
  }

  /** ARM's update-tags PATCH: `{ tags }` replaces the tags; nothing else may change this way here. */
  private patchTags(path: Extract<AzureResourcePath, { form: 'resource' }>, request: EmulatorHttpRequest): EmulatorHttpReply {
    const { type } = this.address(path, path.name);
    this.context.requireResourceGroup(path.resourceGroupName);
    const body = request.json();
    const record = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    if (record === undefined || Object.keys(record).some((key) => key !== 'tags')) {
      throw azureApiError(400, 'InvalidRequestContent', 'This emulator updates tags only through PATCH: send { "tags": { ... } }, or PUT the whole resource.');
    }
    const input = readResourceBody({ location: 'unused', tags: record['tags'] ?? {} });
    const armId = this.context.resourceId(type, path.resourceGroupName, path.parentNames, path.name);
    const resource = this.context.store.get(type.kind, azureResourceKey(armId), { consistent: true });
    if (resource === undefined) {
      throw azureApiError(404, 'ResourceNotFound', `The Resource '${type.type}/${[...path.parentNames, path.name].join('/')}' under resource group '${path.resourceGroupName}' was not found.`);
    }
    resource.tags = { ...input.tags };
    if (isNetworkKind(resource.kind)) renewEtag(resource);
    return { status: 200, body: this.document(resource, false) };
  }

  private writeReply(outcome: AzureWriteOutcome, origin: string, apiVersion: string): EmulatorHttpReply {
    const headers: Record<string, string> = {};
    const operation = outcome.operation;
    if (operation !== undefined && operation.status === 'InProgress') {
      headers['azure-asyncoperation'] = this.context.operations.urls(operation, origin, apiVersion).statusUrl;
      const retryAfter = this.context.operations.retryAfterSeconds(operation, this.context.settings.networkOperationMilliseconds);
      if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    }
    return { status: outcome.created ? 201 : 200, headers, body: this.document(outcome.resource, false) };
  }

  private deleteReply(operation: AzureLongRunningOperation | undefined, origin: string, apiVersion: string, options: { asyncOperation: boolean }): EmulatorHttpReply {
    if (operation === undefined) return { status: 204 };
    const urls = this.context.operations.urls(operation, origin, apiVersion);
    const headers: Record<string, string> = { location: urls.resultUrl };
    if (options.asyncOperation) headers['azure-asyncoperation'] = urls.statusUrl;
    const retryAfter = this.context.operations.retryAfterSeconds(operation, this.context.settings.networkOperationMilliseconds);
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    return { status: 202, headers };
  }

  private document(resource: StoredResource, expandInstanceView: boolean): Record<string, unknown> {
    const attributes = attributesOf(resource);
    const computed =
      resource.kind === 'instance' || resource.kind === 'disk'
        ? this.compute.render(resource, expandInstanceView)
        : { top: {}, properties: renderNetworkProperties(this.context, resource) };
    return {
      id: attributes.armId,
      name: attributes.name,
      type: attributes.type,
      ...(resource.kind === 'subnet' ? {} : { location: attributes.location, tags: { ...resource.tags } }),
      ...(isNetworkKind(resource.kind) ? { etag: etagOf(resource) } : {}),
      ...(attributes.zones ? { zones: attributes.zones } : {}),
      ...computed.top,
      properties: computed.properties,
    };
  }
}

/** Resources of Microsoft.Network: every one carries an etag, and their deletes answer with Azure-AsyncOperation too. */
function isNetworkKind(kind: string): boolean {
  return kind !== 'instance' && kind !== 'disk' && kind !== azureResourceGroupKind;
}

/** A new etag for a resource just written: Azure's change on every successful PUT or PATCH. */
function renewEtag(resource: StoredResource): void {
  resource.attributes['etag'] = `W/"${randomUUID()}"`;
}

function etagOf(resource: StoredResource): string {
  const current = resource.attributes['etag'];
  if (typeof current === 'string') return current;
  renewEtag(resource);
  return resource.attributes['etag'] as string;
}
