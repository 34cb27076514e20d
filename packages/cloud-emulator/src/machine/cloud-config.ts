/**
 * The part of cloud-init's `#cloud-config` the machine simulator honours:
 * `write_files` (path, content, permissions, encoding, append) and `runcmd`
 * (strings or argv arrays). Anything malformed is reported with its field path.
 */
import { parse } from 'yaml';

export interface CloudConfigFile {
  path: string;
  /** The decoded bytes to write. */
  content: Buffer;
  /** Octal mode, e.g. 0o644; undefined keeps the default. */
  mode: number | undefined;
  append: boolean;
}

export interface CloudConfig {
  writeFiles: CloudConfigFile[];
  /** Strings run through /bin/sh -c; arrays run as argv. */
  runcmd: Array<string | string[]>;
}

export class CloudConfigError extends Error {
  readonly fieldPath: string;
  constructor(fieldPath: string, problem: string) {
    super(`cloud-config ${fieldPath}: ${problem}`);
    this.name = 'CloudConfigError';
    this.fieldPath = fieldPath;
  }
}

function decodeContent(content: string, encoding: string, fieldPath: string, gunzip: (data: Buffer) => Buffer): Buffer {
  switch (encoding.toLowerCase()) {
    case '':
    case 'text/plain':
      return Buffer.from(content, 'utf8');
    case 'b64':
    case 'base64':
      return Buffer.from(content, 'base64');
    case 'gz':
    case 'gzip':
      return gunzip(Buffer.from(content, 'latin1'));
    case 'gz+b64':
    case 'gz+base64':
    case 'gzip+b64':
    case 'gzip+base64':
      return gunzip(Buffer.from(content, 'base64'));
    default:
      throw new CloudConfigError(`${fieldPath}.encoding`, `unknown encoding "${encoding}"; use b64, gzip+b64 or leave it out`);
  }
}

export function parseCloudConfig(text: string, gunzip: (data: Buffer) => Buffer): CloudConfig {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new CloudConfigError('(document)', `not valid YAML: ${(error as Error).message}`);
  }
  if (document === null || document === undefined) return { writeFiles: [], runcmd: [] };
  if (typeof document !== 'object' || Array.isArray(document)) throw new CloudConfigError('(document)', 'must be a mapping');
  const root = document as Record<string, unknown>;

  const writeFiles: CloudConfigFile[] = [];
  const files = root['write_files'] ?? [];
  if (!Array.isArray(files)) throw new CloudConfigError('write_files', 'must be a list');
  files.forEach((entry: unknown, index) => {
    const fieldPath = `write_files[${index}]`;
    if (entry === null || typeof entry !== 'object') throw new CloudConfigError(fieldPath, 'must be a mapping');
    const file = entry as Record<string, unknown>;
    if (typeof file['path'] !== 'string' || file['path'] === '') throw new CloudConfigError(`${fieldPath}.path`, 'must be a non-empty string');
    const content = file['content'] ?? '';
    if (typeof content !== 'string') throw new CloudConfigError(`${fieldPath}.content`, 'must be a string');
    const encoding = file['encoding'] ?? '';
    if (typeof encoding !== 'string') throw new CloudConfigError(`${fieldPath}.encoding`, 'must be a string');
    let mode: number | undefined;
    const permissions = file['permissions'];
    if (permissions !== undefined) {
      const text = String(permissions);
      if (!/^0?[0-7]{3,4}$/.test(text)) throw new CloudConfigError(`${fieldPath}.permissions`, `"${text}" is not an octal mode like '0644'`);
      mode = Number.parseInt(text, 8);
    }
    writeFiles.push({
      path: file['path'],
      content: decodeContent(content, encoding, fieldPath, gunzip),
      mode,
      append: file['append'] === true,
    });
  });

  const commands = root['runcmd'] ?? [];
  if (!Array.isArray(commands)) throw new CloudConfigError('runcmd', 'must be a list');
  const runcmd = commands.map((command: unknown, index): string | string[] => {
    if (typeof command === 'string') return command;
    if (Array.isArray(command) && command.length > 0 && command.every((part) => typeof part === 'string' || typeof part === 'number')) {
      return command.map(String);
    }
    throw new CloudConfigError(`runcmd[${index}]`, 'must be a string or a non-empty list of strings');
  });
  return { writeFiles, runcmd };
}
