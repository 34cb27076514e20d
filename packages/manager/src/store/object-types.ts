/** The object types the manager stores, named once. */
import { clusterApiGroupVersion } from '@slipway/core';
import type { ObjectType } from './object-store.js';

export const clusterType: ObjectType = { apiVersion: clusterApiGroupVersion, kind: 'Cluster' };
export const machineType: ObjectType = { apiVersion: clusterApiGroupVersion, kind: 'Machine' };
export const machineSetType: ObjectType = { apiVersion: clusterApiGroupVersion, kind: 'MachineSet' };
export const machineDeploymentType: ObjectType = { apiVersion: clusterApiGroupVersion, kind: 'MachineDeployment' };
export const machineClassType: ObjectType = { apiVersion: clusterApiGroupVersion, kind: 'MachineClass' };
export const secretType: ObjectType = { apiVersion: 'v1', kind: 'Secret' };
export const eventType: ObjectType = { apiVersion: 'v1', kind: 'Event' };

/** `apiVersion/kind`, the key of a type in maps and in the embedded store's tables. */
export function typeKeyOf(type: ObjectType): string {
  return `${type.apiVersion}/${type.kind}`;
}

/** `namespace/name`, the key controllers queue. */
export function objectKeyOf(object: { metadata: { namespace?: string; name?: string } }): string {
  return `${object.metadata.namespace ?? 'default'}/${object.metadata.name ?? ''}`;
}

export function splitObjectKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
