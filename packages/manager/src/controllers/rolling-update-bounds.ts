/** maxSurge and maxUnavailable as absolute counts, resolved as Kubernetes Deployments resolve them. */
import type { IntOrPercent } from '@slipway/core';

export function resolveRollingUpdateBounds(
  replicas: number,
  maxSurge: IntOrPercent,
  maxUnavailable: IntOrPercent,
): { maxSurge: number; maxUnavailable: number } {
  const surge = resolve(maxSurge, replicas, Math.ceil);
  let unavailable = resolve(maxUnavailable, replicas, Math.floor);
  // Both zero would never let the rollout move: allow one unavailable.
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { maxSurge: surge, maxUnavailable: Math.min(unavailable, replicas) };
}

function resolve(value: IntOrPercent, total: number, round: (value: number) => number): number {
  if (typeof value === 'number') return value;
  return round((Number.parseInt(value, 10) * total) / 100);
}
