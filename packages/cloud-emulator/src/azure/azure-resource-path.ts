/**
 * Reading Azure Resource Manager request paths. ARM matches paths without
 * regard to case (the resources SDK sends `/resourcegroups/`, the compute SDK
 * `/resourceGroups/`), so every comparison here is case-insensitive while the
 * names keep the casing the caller first used.
 */

/** One ARM path, split into what the router needs. */
export type AzureResourcePath =
  | { form: 'resource-group-collection'; subscriptionId: string }
  | { form: 'resource-group'; subscriptionId: string; resourceGroupName: string }
  | {
      form: 'resource-collection';
      subscriptionId: string;
      resourceGroupName: string;
      /** `Microsoft.Network/virtualNetworks/subnets` for a child collection. */
      resourceType: string;
      /** The names of the parent resources, outermost first (empty for a top-level collection). */
      parentNames: string[];
    }
  | {
      form: 'resource';
      subscriptionId: string;
      resourceGroupName: string;
      resourceType: string;
      parentNames: string[];
      name: string;
    }
  | { form: 'operation-status'; subscriptionId: string; namespace: string; operationId: string }
  | { form: 'operation-result'; subscriptionId: string; namespace: string; operationId: string }
  | { form: 'unknown' };

/**
 * Splits `/subscriptions/{s}/resourceGroups/{g}/providers/{Namespace}/{type}/{name}[/{childType}/{childName}]`
 * and the operation-status paths the emulator hands out in Azure-AsyncOperation and Location headers.
 */
export function parseAzureResourcePath(path: string): AzureResourcePath {
  const segments = path.split('/').filter((segment) => segment.length > 0);
  const lower = segments.map((segment) => segment.toLowerCase());
  if (lower[0] !== 'subscriptions' || segments[1] === undefined) return { form: 'unknown' };
  const subscriptionId = segments[1];

  // /subscriptions/{s}/providers/{Namespace}/locations/{l}/operations/{id} and .../operationResults/{id}
  if (lower[2] === 'providers' && lower[4] === 'locations' && segments.length === 8) {
    const operationId = segments[7]!;
    const namespace = segments[3]!;
    if (lower[6] === 'operations') return { form: 'operation-status', subscriptionId, namespace, operationId };
    if (lower[6] === 'operationresults') return { form: 'operation-result', subscriptionId, namespace, operationId };
    return { form: 'unknown' };
  }
  if (lower[2] !== 'resourcegroups') return { form: 'unknown' };
  if (segments.length === 3) return { form: 'resource-group-collection', subscriptionId };
  const resourceGroupName = segments[3]!;
  if (segments.length === 4) return { form: 'resource-group', subscriptionId, resourceGroupName };
  if (lower[4] !== 'providers' || segments[5] === undefined) return { form: 'unknown' };

  // After the namespace come type/name pairs; an odd count ends in a collection.
  const namespace = segments[5];
  const rest = segments.slice(6);
  if (rest.length === 0) return { form: 'unknown' };
  const types: string[] = [];
  const names: string[] = [];
  rest.forEach((segment, index) => (index % 2 === 0 ? types : names).push(segment));
  const resourceType = [namespace, ...types].join('/');
  if (rest.length % 2 === 1) {
    return { form: 'resource-collection', subscriptionId, resourceGroupName, resourceType, parentNames: names };
  }
  const name = names.pop()!;
  return { form: 'resource', subscriptionId, resourceGroupName, resourceType, parentNames: names, name };
}

/** The canonical ARM id of a resource, in the casing given. */
export function formatAzureResourceId(parts: {
  subscriptionId: string;
  resourceGroupName: string;
  resourceType?: string;
  parentNames?: readonly string[];
  name?: string;
}): string {
  const base = `/subscriptions/${parts.subscriptionId}/resourceGroups/${parts.resourceGroupName}`;
  if (parts.resourceType === undefined || parts.name === undefined) return base;
  const [namespace, ...types] = parts.resourceType.split('/');
  const names = [...(parts.parentNames ?? []), parts.name];
  const pairs = types.map((type, index) => `${type}/${names[index] ?? ''}`);
  return `${base}/providers/${namespace}/${pairs.join('/')}`;
}

/** The store key of an ARM id: ids compare without regard to case. */
export function azureResourceKey(resourceId: string): string {
  return resourceId.toLowerCase();
}

/** Reads an ARM id back (a reference inside a request body); undefined when it is not a resource id. */
export function parseAzureResourceId(resourceId: string): Extract<AzureResourcePath, { form: 'resource' }> | undefined {
  const parsed = parseAzureResourcePath(resourceId);
  return parsed.form === 'resource' ? parsed : undefined;
}
