/**
 * clouds.yaml and secure.yaml, read the way openstacksdk reads them: the file
 * named by OS_CLIENT_CONFIG_FILE, else the first of ./clouds.yaml,
 * ~/.config/openstack/clouds.yaml and /etc/openstack/clouds.yaml that exists;
 * secure.yaml (same folders) is merged over it, so passwords can live apart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { TerminalError } from '@slipway/core';
import { parse } from 'yaml';

export interface CloudsYamlSearch {
  /** OS_CLIENT_CONFIG_FILE, or a path given in the settings. */
  explicitPath?: string;
  workingDirectory?: string;
  homeDirectory?: string;
}

export interface CloudEntry {
  /** The file the entry came from (and secure.yaml when one added to it). */
  sources: string[];
  entry: Record<string, unknown>;
}

export function cloudsYamlCandidates(search: CloudsYamlSearch, fileName: 'clouds.yaml' | 'secure.yaml'): string[] {
  const home = search.homeDirectory ?? homedir();
  const folders = [search.workingDirectory ?? process.cwd(), join(home, '.config', 'openstack'), '/etc/openstack'];
  const candidates = folders.map((folder) => join(folder, fileName));
  if (search.explicitPath !== undefined) {
    const explicit = resolve(search.workingDirectory ?? process.cwd(), search.explicitPath);
    return fileName === 'clouds.yaml' ? [explicit] : [join(dirname(explicit), 'secure.yaml'), ...candidates];
  }
  return candidates;
}

function readYamlObject(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TerminalError('InvalidConfiguration', `${path} is not readable YAML: ${(error as Error).message}`, { cause: error });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new TerminalError('InvalidConfiguration', `${path} must hold a mapping with a "clouds" key`);
  return parsed as Record<string, unknown>;
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const existing = merged[key];
    merged[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value) && existing !== null && typeof existing === 'object' && !Array.isArray(existing)
        ? merge(existing as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return merged;
}

/** The named cloud of clouds.yaml merged with secure.yaml; a terminal InvalidConfiguration naming the files when it is not there. */
export function readCloudEntry(name: string, search: CloudsYamlSearch): CloudEntry {
  const cloudsPath = cloudsYamlCandidates(search, 'clouds.yaml').find((path) => existsSync(path));
  if (cloudsPath === undefined) {
    throw new TerminalError(
      'InvalidConfiguration',
      `the cloud "${name}" (OS_CLOUD or settings.cloud) needs a clouds.yaml; none found at ${cloudsYamlCandidates(search, 'clouds.yaml').join(', ')}. Create one, or set OS_CLIENT_CONFIG_FILE.`,
    );
  }
  const clouds = (readYamlObject(cloudsPath)['clouds'] ?? {}) as Record<string, unknown>;
  const securePath = cloudsYamlCandidates(search, 'secure.yaml').find((path) => existsSync(path));
  const secureClouds = securePath === undefined ? {} : ((readYamlObject(securePath)['clouds'] ?? {}) as Record<string, unknown>);
  const entry = clouds[name];
  const secureEntry = secureClouds[name];
  if ((entry === undefined || entry === null) && secureEntry === undefined) {
    throw new TerminalError('InvalidConfiguration', `${cloudsPath} has no cloud "${name}" under clouds: (it has ${Object.keys(clouds).join(', ') || 'none'}). Fix OS_CLOUD or settings.cloud.`);
  }
  const asObject = (value: unknown, where: string): Record<string, unknown> => {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new TerminalError('InvalidConfiguration', `${where}: clouds.${name} must be a mapping`);
    return value as Record<string, unknown>;
  };
  return {
    sources: secureEntry !== undefined && securePath !== undefined ? [cloudsPath, securePath] : [cloudsPath],
    entry: merge(asObject(entry, cloudsPath), asObject(secureEntry, securePath ?? '')),
  };
}
