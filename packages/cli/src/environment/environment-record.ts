/**
 * Which cloud a state directory drives, in `<state-dir>/environment.json`:
 * written by the first command that creates a cluster there, read by every
 * later command (delete, scale, manager) so they drive the same cloud with the
 * same settings. One state directory drives one provider on one kind of cloud.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { ensureStateDirectory, statePaths } from '../state/state-directory.js';

export interface EmulatedEnvironmentRecord {
  cloud: 'emulated';
  provider: string;
}

export interface RealEnvironmentRecord {
  cloud: 'real';
  provider: string;
  /** `host:port` machines dial back to; the node-authorization service listens on that port. */
  bootstrapEndpoint: string;
  /** The validated `--provider-config` settings (never credentials: those stay in the cloud's own chain). */
  settings: Record<string, unknown>;
}

export type EnvironmentRecord = EmulatedEnvironmentRecord | RealEnvironmentRecord;

export async function readEnvironmentRecord(stateDirectory: string): Promise<EnvironmentRecord | undefined> {
  let text: string;
  try {
    text = await readFile(statePaths(stateDirectory).environmentRecord, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const record = JSON.parse(text) as Partial<EnvironmentRecord>;
  if ((record.cloud !== 'emulated' && record.cloud !== 'real') || typeof record.provider !== 'string') {
    throw new Error(`${statePaths(stateDirectory).environmentRecord} is not a Slipway environment record; move it away and run the command again`);
  }
  return record as EnvironmentRecord;
}

export async function writeEnvironmentRecord(stateDirectory: string, record: EnvironmentRecord): Promise<void> {
  await ensureStateDirectory(stateDirectory);
  const path = statePaths(stateDirectory).environmentRecord;
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

export async function removeEnvironmentRecord(stateDirectory: string): Promise<void> {
  await rm(statePaths(stateDirectory).environmentRecord, { force: true });
}

/** How a person reads a record: "aws (emulated cloud)", "azure (real cloud, machines dial 203.0.113.7:9443)". */
export function describeEnvironmentRecord(record: EnvironmentRecord): string {
  return record.cloud === 'emulated' ? `${record.provider} (emulated cloud)` : `${record.provider} (real cloud, machines dial ${record.bootstrapEndpoint})`;
}
