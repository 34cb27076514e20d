/**
 * The names Slipway gives OpenStack resources and the tags it puts on them.
 * Ownership lives in server metadata (255 characters a value: full names); Nova
 * and Neutron tags (60 characters, no "/" or ",") carry short forms for
 * filtering lists. A value too long keeps its start and ends with a hash of the
 * whole, so two long names never share a tag.
 */
import { createHash } from 'node:crypto';
import { ownershipTagKeys } from '@slipway/provider-utils';

export function shortened(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${text.slice(0, limit - 9)}-${hash}`;
}

/** `slipway-cluster-name=<name>`, at most 60 characters. */
export function clusterTag(clusterName: string): string {
  return `${ownershipTagKeys.clusterName}=${shortened(clusterName, 60 - ownershipTagKeys.clusterName.length - 1)}`;
}

export function machineUidTag(uid: string): string {
  return `${ownershipTagKeys.machineUid}=${shortened(uid, 60 - ownershipTagKeys.machineUid.length - 1)}`;
}

export function machineNameTag(machineName: string): string {
  return `${ownershipTagKeys.machineName}=${shortened(machineName, 60 - ownershipTagKeys.machineName.length - 1)}`;
}

/** The server (and port) name of a Machine: deterministic, so a look by name finds what a lost reply made. */
export function serverNameOf(clusterName: string, machineName: string): string {
  return shortened(`${clusterName}-${machineName}`, 63);
}
