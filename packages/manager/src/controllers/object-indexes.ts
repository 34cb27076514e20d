/** The informer indexes controllers look objects up by, instead of scanning. */
import { clusterNameOf, type ObjectMeta } from '@slipway/core';

/** Dependents by the UID of their controlling owner. */
export const controllerIndex = 'controller';
/** Objects without a controlling owner, by namespace: candidates for adoption. */
export const orphanIndex = 'orphan';
/** Objects by "namespace/cluster-name". */
export const clusterIndex = 'cluster';

export function controllerOf(object: { metadata: ObjectMeta }) {
  return object.metadata.ownerReferences?.find((reference) => reference.controller === true);
}

export function indexByController(object: { metadata: ObjectMeta }): string[] {
  const owner = controllerOf(object);
  return owner === undefined ? [] : [owner.uid];
}

export function indexOrphans(object: { metadata: ObjectMeta }): string[] {
  return controllerOf(object) === undefined ? [object.metadata.namespace ?? 'default'] : [];
}

export function indexByCluster(object: { metadata: ObjectMeta }): string[] {
  const clusterName = clusterNameOf(object);
  return clusterName === undefined ? [] : [`${object.metadata.namespace ?? 'default'}/${clusterName}`];
}
