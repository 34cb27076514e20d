/**
 * What the generic Compute Engine handlers (insert, get, list, delete) need to
 * know about one collection: where it lives, how a request body becomes a
 * stored resource, how a stored resource is rendered, and what deleting it
 * involves. Instances, networks, firewalls, addresses, target pools and
 * forwarding rules are each one of these.
 */
import type { StoredResource } from '../store/stored-resource.js';
import type { GceCloud } from './gce-cloud.js';
import type { GceLocation, GceScopeType } from './gce-resource-path.js';

export interface GceInsertContext {
  cloud: GceCloud;
  location: GceLocation;
  requestId: string | undefined;
}

export interface GceInsertOutcome {
  resource?: StoredResource;
  /** When the insert operation ends; default now + the cloud's operation time. */
  doneAt?: number;
  /** An insert that was accepted but fails in its operation (a stockout, a quota). */
  operationError?: { code: string; message: string; httpErrorStatusCode: number; httpErrorMessage: string };
}

export interface GceRemoval {
  doneAt: number;
  doneWhen?: () => boolean;
}

export interface GceCollection {
  /** The URL segment and the method-name prefix: `instances`, `targetPools`, ... */
  collection: string;
  /** The framework store kind. */
  kind: string;
  scopeType: GceScopeType;
  /** Validates the body (Google's 400 naming the field) and creates the resource. The name is already checked and free. */
  insert(body: Record<string, unknown>, name: string, context: GceInsertContext): GceInsertOutcome;
  render(resource: StoredResource, cloud: GceCloud): Record<string, unknown>;
  /** Another resource that still uses this one (delete is refused with resourceInUseByAnotherResource). */
  usedBy?(resource: StoredResource, cloud: GceCloud): string | undefined;
  /** Deletes; the default removes the resource from the store at once. */
  remove?(resource: StoredResource, cloud: GceCloud): GceRemoval;
}

/** The fields every Compute Engine resource renders. */
/**
 * The attributes every new Compute resource is stored with, whatever its kind:
 * where it lives (the region of a regional one), its name and numeric id, when
 * it was made, and the description the request gave. `commonFields` renders them.
 */
export function newResourceAttributes(cloud: GceCloud, location: GceLocation, name: string, body: Record<string, unknown>): Record<string, unknown> {
  return {
    project: location.project,
    ...(location.scopeType === 'regions' ? { region: location.scopeName } : {}),
    name,
    id: cloud.newNumericId(),
    creationTimestamp: new Date(cloud.runtime.clock.now()).toISOString(),
    description: body['description'],
  };
}

export function commonFields(resource: StoredResource, kindName: string, selfLink: string): Record<string, unknown> {
  const attributes = resource.attributes;
  return {
    kind: `compute#${kindName}`,
    id: attributes['id'],
    name: attributes['name'],
    creationTimestamp: attributes['creationTimestamp'],
    selfLink,
    ...(attributes['description'] !== undefined ? { description: attributes['description'] } : {}),
  };
}
