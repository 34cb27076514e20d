/**
 * What the store checks before any write: a name it can key on, and for the
 * Cluster API kinds the core schema (which also fills in defaults, as an API
 * server's defaulting would). Errors name the field and say what was expected.
 */
import { clusterApiKinds, isClusterApiKind, isKubernetesObjectName } from '@slipway/core';
import { InvalidObjectError } from './invalid-object-error.js';
import type { StoredObject } from './object-store.js';

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/** Returns the object to store (defaults applied) or throws InvalidObjectError. */
export function validateObject<T extends StoredObject>(object: T, objectKey: string): T {
  if (typeof object !== 'object' || object === null) {
    throw new InvalidObjectError(objectKey, '(object)', 'expected an object with apiVersion, kind and metadata');
  }
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '') {
    throw new InvalidObjectError(objectKey, 'apiVersion', 'required; for example cluster.k8s.io/v1alpha1');
  }
  if (typeof object.kind !== 'string' || object.kind === '') {
    throw new InvalidObjectError(objectKey, 'kind', 'required; for example Machine');
  }
  const name = object.metadata?.name;
  if (typeof name !== 'string' || !isKubernetesObjectName(name)) {
    throw new InvalidObjectError(
      objectKey,
      'metadata.name',
      'expected a lowercase DNS subdomain name (a-z, 0-9, "-" and ".", at most 253 characters)',
    );
  }
  const namespace = object.metadata.namespace;
  if (typeof namespace !== 'string' || !isKubernetesObjectName(namespace)) {
    throw new InvalidObjectError(objectKey, 'metadata.namespace', 'expected a lowercase DNS name such as "default"');
  }
  if (isClusterApiKind(object.kind) && object.apiVersion === 'cluster.k8s.io/v1alpha1') {
    const result = clusterApiKinds[object.kind].schema.safeParse(object);
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = issue === undefined || issue.path.length === 0 ? '(object)' : formatPath(issue.path);
      throw new InvalidObjectError(objectKey, path, issue?.message ?? 'invalid');
    }
    return result.data as unknown as T;
  }
  if (object.apiVersion === 'v1' && object.kind === 'Secret') {
    const data = (object as unknown as { data?: unknown }).data ?? {};
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new InvalidObjectError(objectKey, 'data', 'expected a map of key to base64-encoded value');
    }
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string' || !base64Pattern.test(value)) {
        throw new InvalidObjectError(objectKey, `data.${key}`, 'expected a base64-encoded string');
      }
    }
  }
  return object;
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}
