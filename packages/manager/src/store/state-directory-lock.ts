/**
 * The lock file of a state directory. SQLite's exclusive locking mode is what
 * keeps a second process out (the kernel drops it when its holder dies, even
 * under kill -9); this file only records who holds it, so the second process's
 * error can name the first.
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const lockFileName = 'slipway.lock';

export function readLockOwner(stateDirectory: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(stateDirectory, lockFileName), 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function writeLockOwner(stateDirectory: string): void {
  const path = join(stateDirectory, lockFileName);
  const temporary = `${path}.${process.pid}`;
  writeFileSync(temporary, `${process.pid}\n`);
  renameSync(temporary, path);
}

export function releaseLockOwner(stateDirectory: string): void {
  if (readLockOwner(stateDirectory) !== process.pid) return;
  try {
    unlinkSync(join(stateDirectory, lockFileName));
  } catch {
    // Already gone: nothing to release.
  }
}
