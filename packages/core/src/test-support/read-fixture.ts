/** Reads the manifest fixtures under packages/core/test-fixtures for the tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ManifestText } from '../index.js';

const fixturesRoot = fileURLToPath(new URL('../../test-fixtures/', import.meta.url));

/** A fixture's text, with its path below test-fixtures/<group>/ as the source named in issues. */
export function readFixture(group: 'valid' | 'invalid', relativePath: string): ManifestText {
  return { text: readFileSync(`${fixturesRoot}${group}/${relativePath}`, 'utf8'), source: relativePath };
}

/** Every .yaml file of a fixture group, sorted, as paths relative to the group. */
export function listFixtures(group: 'valid' | 'invalid'): string[] {
  return readdirSync(`${fixturesRoot}${group}`, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.yaml'))
    .map((path) => path.split('\\').join('/'))
    .sort();
}
