/**
 * `--addons FILE...`: Kubernetes objects handed to the first control-plane
 * machine once it runs `kubeadm init`. Each file is checked here, before
 * anything is created, so a typo in an addon never leaves a half-made cluster.
 */
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { UsageError } from '../usage-error.js';

/** The addons as one multi-document YAML text, or undefined when no file was given. */
export async function readAddonFiles(paths: readonly string[]): Promise<string | undefined> {
  if (paths.length === 0) return undefined;
  const texts: string[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read the addons file ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(error)}`);
    }
    for (const [index, document] of parseAllDocuments(text).entries()) {
      const [problem] = document.errors;
      if (problem) {
        const line = problem.linePos?.[0].line;
        throw new UsageError(`the addons file ${path} is not valid YAML${line ? ` (line ${line})` : ''}: ${problem.message.split('\n')[0]}`);
      }
      const value = document.toJS() as { apiVersion?: unknown; kind?: unknown } | null;
      if (value !== null && (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string')) {
        throw new UsageError(`the addons file ${path}, document ${index + 1}, has no apiVersion or kind; every addon must be a Kubernetes object`);
      }
    }
    texts.push(text.trimEnd());
  }
  return `${texts.join('\n---\n')}\n`;
}
