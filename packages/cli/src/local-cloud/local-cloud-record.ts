import { readFile, rename, rm, writeFile } from 'node:fs/promises';

/**
 * What a running local cloud tells other commands about itself, in
 * `<state-dir>/local-cloud.json`: its process and the endpoint of its emulated
 * cloud API. Written atomically (a temporary file renamed over the old one).
 */
export interface LocalCloudRecord {
  pid: number;
  provider: string;
  endpoint: string;
  region: string;
  startedAt: string;
}

export async function readLocalCloudRecord(path: string): Promise<LocalCloudRecord | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LocalCloudRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A record torn by a crash mid-write cannot happen (rename is atomic); anything else unreadable is stale.
    return undefined;
  }
}

export async function writeLocalCloudRecord(path: string, record: LocalCloudRecord): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

export async function removeLocalCloudRecord(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** True when a process with this id exists (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
