/**
 * The names Slipway gives Compute resources. They are derived, never stored:
 * the same Machine or Cluster always maps to the same names, which is what
 * makes a retried insert land on the same resource. Compute names are RFC 1035
 * (lowercase, 63 characters at most), so Kubernetes names are folded into that
 * form and a short hash keeps two different objects from ever sharing a name.
 */
import { createHash } from 'node:crypto';
import type { Cluster, Machine } from '@slipway/core';
import { requireMachineUid } from '@slipway/provider-utils';

const hash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** Kubernetes name → the start of an RFC 1035 name: lowercase, "-" for anything else, a letter first. */
export function rfc1035Slug(text: string, maxLength: number): string {
  let slug = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+/, '');
  if (!/^[a-z]/.test(slug)) slug = `m-${slug}`;
  return slug.slice(0, maxLength).replace(/-+$/, '');
}

/**
 * The instance name of a Machine: its name, then 8 hex characters of its UID.
 * Unique per zone because the UID is; a Machine deleted and re-created under the
 * same name gets a new instance name, so it never collides with its own
 * predecessor still shutting down.
 */
export function instanceNameOf(machine: Machine): string {
  const uid = requireMachineUid(machine);
  return `${rfc1035Slug(machine.metadata.name ?? 'machine', 54)}-${hash(uid, 8)}`;
}

export function regionOfZone(zone: string): string {
  return zone.replace(/-[a-z]$/, '');
}

export interface ClusterResourceNames {
  network: string;
  subnetwork: string;
  internalFirewall: string;
  apiServerFirewall: string;
  address: string;
  targetPool: string;
  forwardingRule: string;
  /** Network tag of every machine of the cluster. */
  nodeTag: string;
  /** Network tag of control-plane machines (the API server firewall rule selects it). */
  controlPlaneTag: string;
}

/** `slipway-<cluster>-<hash of namespace/name>-<part>`: at most 59 characters. */
export function clusterResourceNamesOf(cluster: Pick<Cluster, 'metadata'>): ClusterResourceNames {
  const name = cluster.metadata.name ?? 'cluster';
  const prefix = `slipway-${rfc1035Slug(name, 30).replace(/^m-/, '')}-${hash(`${cluster.metadata.namespace ?? 'default'}/${name}`, 6)}`;
  return {
    network: `${prefix}-net`,
    subnetwork: `${prefix}-subnet`,
    internalFirewall: `${prefix}-internal`,
    apiServerFirewall: `${prefix}-apiserver`,
    address: `${prefix}-apiserver`,
    targetPool: `${prefix}-apiserver`,
    forwardingRule: `${prefix}-apiserver`,
    nodeTag: `${prefix}-node`,
    controlPlaneTag: `${prefix}-control-plane`,
  };
}

/** The description marker of resources that carry no labels (networks, firewalls, target pools). */
export function ownershipDescriptionOf(cluster: Pick<Cluster, 'metadata'>): string {
  return `Managed by Slipway. slipway-owner=${cluster.metadata.namespace ?? 'default'}/${cluster.metadata.name ?? ''}`;
}
