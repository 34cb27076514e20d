/**
 * One emulated cloud per state directory, even when two commands start one at
 * the same moment or a command is killed between starting the cloud and the
 * cloud writing its record: the cloud process holds `<state-dir>/local-cloud.lock`
 * (created exclusively, naming its process) for as long as it runs. A second
 * cloud finds the lock held by a live process and steps aside; a lock left by
 * a dead process is taken over.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { isProcessAlive } from './local-cloud-record.js';

/** The process holding the lock, when that process is alive. */
export async function localCloudLockHolder(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock for this process; false when a live process holds it. */
export async function acquireLocalCloudLock(path: string): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await localCloudLockHolder(path);
    if (holder !== undefined && holder !== process.pid) return false;
    if (holder === process.pid) return true;
    // Left by a process that died: remove it and try again (another starter may win the retry, which is fine).
    await rm(path, { force: true });
  }
  return false;
}

export async function releaseLocalCloudLock(path: string): Promise<void> {
  if ((await localCloudLockHolder(path)) === process.pid) await rm(path, { force: true });
}
