import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where Slipway keeps its state between commands: the embedded store, the local
 * cloud's record, kubeconfigs. `--state-dir` wins, then SLIPWAY_STATE_DIR, then
 * ~/.slipway.
 */
export function resolveStateDirectory(flag: string | undefined, environment: Record<string, string | undefined>): string {
  if (flag) return resolve(flag);
  const fromEnvironment = environment['SLIPWAY_STATE_DIR'];
  if (fromEnvironment) return resolve(fromEnvironment);
  return join(environment['HOME'] ?? homedir(), '.slipway');
}

export async function ensureStateDirectory(directory: string): Promise<string> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  return directory;
}

/** The files and folders inside a state directory, named in one place. */
export function statePaths(directory: string) {
  return {
    root: directory,
    store: join(directory, 'store'),
    localCloudRecord: join(directory, 'local-cloud.json'),
    localCloudLog: join(directory, 'local-cloud.log'),
    localCloudLock: join(directory, 'local-cloud.lock'),
    machines: join(directory, 'machines'),
    kubeconfigs: join(directory, 'kubeconfigs'),
    nodeAuthorizationRecord: join(directory, 'node-authorization.json'),
    environmentRecord: join(directory, 'environment.json'),
    log: join(directory, 'slipway.log'),
  };
}
