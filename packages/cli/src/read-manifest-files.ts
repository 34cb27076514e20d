import { readFile } from 'node:fs/promises';
import type { ManifestText } from '@slipway/core';
import { UsageError } from './usage-error.js';

/** Reads every `-f` file, or standard input for `-`; a file that cannot be read is a usage error naming it. */
export async function readManifestFiles(paths: readonly string[], readStandardInput: () => Promise<string>): Promise<ManifestText[]> {
  if (paths.length === 0) throw new UsageError('no manifests given: pass one or more -f FILE (or -f - for standard input)');
  return Promise.all(
    paths.map(async (path) => {
      if (path === '-') return { text: await readStandardInput(), source: '<stdin>' };
      try {
        return { text: await readFile(path, 'utf8'), source: path };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : String(error);
        throw new UsageError(`cannot read ${path}: ${reason}`);
      }
    }),
  );
}
