import { UsageError } from '../usage-error.js';
import { readEnvironmentRecord } from './environment-record.js';
import { openEnvironment, type Environment, type OpenEnvironmentOptions } from './open-environment.js';

/** Opens the environment a state directory was set up for by `up` or `create cluster`. */
export async function openRecordedEnvironment(options: OpenEnvironmentOptions): Promise<Environment> {
  const record = await readEnvironmentRecord(options.stateDirectory);
  if (!record) {
    throw new UsageError(`no cluster was ever created in ${options.stateDirectory}; run slipway up or slipway create cluster -f FILE first (or pass the --state-dir that holds it)`);
  }
  return openEnvironment(options, record);
}
