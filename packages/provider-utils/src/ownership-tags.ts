import { createHash } from 'node:crypto';

/**
 * The tags (AWS, Azure, OpenStack metadata), labels (GCE) or tag strings
 * (Equinix Metal) that mark a cloud resource as ours. Orphan collection deletes
 * only what carries our cluster's tag and has no Machine, so every resource a
 * provider creates carries them.
 */
export interface Owner {
  clusterName: string;
  machineName?: string;
  machineUid?: string;
}

/** Key names valid in every cloud's tag and label rules (lowercase, digits, hyphens). */
export const ownershipTagKeys = {
  clusterName: 'slipway-cluster-name',
  machineName: 'slipway-machine-name',
  machineUid: 'slipway-machine-uid',
} as const;

/** Tags for clouds with generous key/value rules: AWS (128/256 characters), Azure (512/256), OpenStack metadata (255/255). */
export function ownershipTags(owner: Owner): Record<string, string> {
  const tags: Record<string, string> = { [ownershipTagKeys.clusterName]: owner.clusterName };
  if (owner.machineName !== undefined) tags[ownershipTagKeys.machineName] = owner.machineName;
  if (owner.machineUid !== undefined) tags[ownershipTagKeys.machineUid] = owner.machineUid;
  return tags;
}

/** Reads the owner back from a resource's tags; undefined when it is not ours. */
export function ownerFromTags(tags: Record<string, string | undefined>): Owner | undefined {
  const clusterName = tags[ownershipTagKeys.clusterName];
  if (!clusterName) return undefined;
  const machineName = tags[ownershipTagKeys.machineName];
  const machineUid = tags[ownershipTagKeys.machineUid];
  return {
    clusterName,
    ...(machineName !== undefined ? { machineName } : {}),
    ...(machineUid !== undefined ? { machineUid } : {}),
  };
}

/**
 * GCE label values allow only lowercase letters, digits, "_" and "-", at most 63
 * characters. Other characters become "-"; a value too long keeps its start and
 * ends with a short hash of the whole, so two long names never collide.
 */
export function gceLabelValue(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  if (cleaned.length <= 63) return cleaned;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${cleaned.slice(0, 54)}-${hash}`;
}

/** Ownership as GCE labels, values shaped by `gceLabelValue`. */
export function ownershipLabelsForGce(owner: Owner): Record<string, string> {
  return Object.fromEntries(Object.entries(ownershipTags(owner)).map(([key, value]) => [key, gceLabelValue(value)]));
}

/** Ownership as Equinix Metal tag strings (`key=value`); Metal tags are plain strings. */
export function ownershipTagStrings(owner: Owner): string[] {
  return Object.entries(ownershipTags(owner)).map(([key, value]) => `${key}=${value}`);
}

/** The inverse of `ownershipTagStrings`. */
export function ownerFromTagStrings(tags: readonly string[]): Owner | undefined {
  const entries = tags.flatMap((tag) => {
    const separator = tag.indexOf('=');
    return separator > 0 ? [[tag.slice(0, separator), tag.slice(separator + 1)] as const] : [];
  });
  return ownerFromTags(Object.fromEntries(entries));
}
