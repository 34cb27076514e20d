/**
 * Which providers a set of manifests needs, read from the raw YAML before any
 * provider is loaded: the group of every `providerSpec.value.apiVersion`,
 * matched against the catalog's hints. Undefined means "load them all" (no
 * group given, or one no hint knows, so errors can list every known group).
 */
import { parseAllDocuments } from 'yaml';
import type { ManifestText } from '@slipway/core';
import { providerApiGroupHints, type ProviderName } from './provider-catalog.js';

export function providersNamedByManifests(texts: readonly ManifestText[]): ProviderName[] | undefined {
  const groups = new Set<string>();
  for (const { text } of texts) {
    for (const document of parseAllDocuments(text)) {
      // Broken YAML is reported by the full parse; here it only means nothing to hint.
      if (document.errors.length === 0) collectGroups(document.toJS(), groups);
    }
  }
  // No apiVersion anywhere: every provider is loaded so the error can list what each expects.
  if (groups.size === 0) return undefined;
  const names = new Set<ProviderName>();
  for (const group of groups) {
    const name = (Object.keys(providerApiGroupHints) as ProviderName[]).find((candidate) => providerApiGroupHints[candidate].includes(group));
    if (!name) return undefined;
    names.add(name);
  }
  return [...names];
}

function collectGroups(value: unknown, groups: Set<string>): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectGroups(item, groups);
    return;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'providerSpec' && child !== null && typeof child === 'object') {
      const apiVersion = ((child as { value?: { apiVersion?: unknown } }).value ?? {}).apiVersion;
      if (typeof apiVersion === 'string') groups.add(apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : apiVersion);
    }
    collectGroups(child, groups);
  }
}
