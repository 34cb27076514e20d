import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import type { ClockV1 } from '@slipway/core';
import type { SelfCommand } from '../self-command.js';
import { statePaths } from '../state/state-directory.js';
import { localCloudLockHolder } from './local-cloud-lock.js';
import { isProcessAlive, readLocalCloudRecord, removeLocalCloudRecord, type LocalCloudRecord } from './local-cloud-record.js';

/**
 * Returns the running local cloud of a state directory, starting one (detached,
 * logging to `<state-dir>/local-cloud.log`) when none runs. A record left by a
 * process that died is discarded.
 */
export async function ensureLocalCloud(options: {
  stateDirectory: string;
  selfCommand: SelfCommand;
  clock: ClockV1;
  startTimeoutMs?: number;
}): Promise<{ record: LocalCloudRecord; started: boolean }> {
  const paths = statePaths(options.stateDirectory);
  const existing = await readLocalCloudRecord(paths.localCloudRecord);
  if (existing && isProcessAlive(existing.pid)) return { record: existing, started: false };
  if (existing) await removeLocalCloudRecord(paths.localCloudRecord);

  const log = await open(paths.localCloudLog, 'a');
  const child = spawn(
    options.selfCommand.executable,
    [...options.selfCommand.arguments, 'local-cloud', 'serve', '--state-dir', options.stateDirectory],
    { detached: true, stdio: ['ignore', log.fd, log.fd], env: process.env },
  );
  child.unref();
  await log.close();
  const deadline = options.clock.now() + (options.startTimeoutMs ?? 30_000);
  while (options.clock.now() < deadline) {
    // Ours, or one a killed earlier command started that is still coming up (ours then steps aside).
    const record = await readLocalCloudRecord(paths.localCloudRecord);
    if (record && isProcessAlive(record.pid)) return { record, started: record.pid === child.pid };
    if (child.exitCode !== null && (await localCloudLockHolder(paths.localCloudLock)) === undefined) break;
    await options.clock.sleep(100);
  }
  throw new Error(`the local cloud did not start; its log is ${paths.localCloudLog}`);
}

/** Stops the local cloud of a state directory, if one runs, and waits until its process is gone. */
export async function stopLocalCloud(options: { stateDirectory: string; clock: ClockV1; timeoutMs?: number }): Promise<boolean> {
  const paths = statePaths(options.stateDirectory);
  const record = await readLocalCloudRecord(paths.localCloudRecord);
  if (!record) return false;
  if (!isProcessAlive(record.pid)) {
    await removeLocalCloudRecord(paths.localCloudRecord);
    return false;
  }
  process.kill(record.pid, 'SIGTERM');
  const deadline = options.clock.now() + (options.timeoutMs ?? 15_000);
  while (isProcessAlive(record.pid) && options.clock.now() < deadline) await options.clock.sleep(50);
  if (isProcessAlive(record.pid)) process.kill(record.pid, 'SIGKILL');
  await removeLocalCloudRecord(paths.localCloudRecord);
  return true;
}
