/**
 * Names and links of Compute Engine resources. The API accepts a reference to
 * another resource as a full URL (`https://www.googleapis.com/compute/v1/projects/p/global/networks/n`),
 * a partial one (`projects/p/global/networks/n`, `global/networks/n`) or, for some
 * fields, a bare name; it always answers with full URLs.
 */
export const gceLinkBase = 'https://www.googleapis.com/compute/v1/';

export type GceScopeType = 'zones' | 'regions' | 'global';

/** Where a resource lives: a zone, a region, or the project as a whole. */
export interface GceLocation {
  project: string;
  scopeType: GceScopeType;
  /** The zone or region name; absent for global resources. */
  scopeName?: string;
}

export interface GceResourcePath extends GceLocation {
  collection: string;
  name: string;
}

/** The store id of a resource: unique per kind, readable in test failures. */
export function storeIdOf(location: GceLocation, name: string): string {
  return `${location.project}/${location.scopeName ?? 'global'}/${name}`;
}

export function scopePathOf(location: GceLocation): string {
  return location.scopeType === 'global'
    ? `projects/${location.project}/global`
    : `projects/${location.project}/${location.scopeType}/${location.scopeName}`;
}

export function linkOf(location: GceLocation, collection: string, name: string): string {
  return `${gceLinkBase}${scopePathOf(location)}/${collection}/${name}`;
}

export function scopeLinkOf(location: GceLocation): string | undefined {
  return location.scopeType === 'global' ? undefined : `${gceLinkBase}${scopePathOf(location)}`;
}

/**
 * Reads a reference to a resource of `collection`; `defaults` fills in what a
 * partial reference leaves out. Returns undefined when the text is no such reference.
 */
export function parseResourceReference(text: string, collection: string, defaults: GceLocation): GceResourcePath | undefined {
  let rest = text.startsWith(gceLinkBase) ? text.slice(gceLinkBase.length) : text;
  rest = rest.replace(/^\/+/, '');
  let project = defaults.project;
  const projectMatch = /^projects\/([^/]+)\/(.*)$/.exec(rest);
  if (projectMatch) {
    project = projectMatch[1]!;
    rest = projectMatch[2]!;
  }
  const global = new RegExp(`^global/${collection}/([^/]+)$`).exec(rest);
  if (global) return { project, scopeType: 'global', collection, name: global[1]! };
  const scoped = new RegExp(`^(zones|regions)/([^/]+)/${collection}/([^/]+)$`).exec(rest);
  if (scoped) return { project, scopeType: scoped[1] as GceScopeType, scopeName: scoped[2]!, collection, name: scoped[3]! };
  if (/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(rest)) {
    return { project, scopeType: defaults.scopeType, ...(defaults.scopeName !== undefined ? { scopeName: defaults.scopeName } : {}), collection, name: rest };
  }
  return undefined;
}

/** `us-central1-a` → `us-central1`. */
export function regionOfZone(zone: string): string {
  return zone.replace(/-[a-z]$/, '');
}
