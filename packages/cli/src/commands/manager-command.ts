import type { Machine } from '@slipway/core';
import { machineType } from '@slipway/manager';
import type { CommandContext } from '../command-context.js';
import { describeEnvironmentRecord } from '../environment/environment-record.js';
import { openRecordedEnvironment } from '../environment/open-recorded-environment.js';
import { machineRow } from '../progress/machine-row.js';
import { createProgressReporter } from '../progress/progress-reporter.js';

/** How often the manager's own progress lines look at the machines; the controllers react to changes at once. */
const progressIntervalMs = 1000;

/**
 * `slipway manager`: the controllers as a long-lived process on the state
 * directory's store and cloud, reconciling until SIGTERM or Ctrl-C (scaling,
 * replacing failed machines, finishing what an interrupted command started).
 * On the signal, cloud calls in flight finish and are recorded before it exits.
 */
export async function managerCommand(context: CommandContext): Promise<void> {
  const progress = createProgressReporter(context.io, context.clock);
  const environment = await openRecordedEnvironment(context);
  try {
    progress.step(`Manager running for ${describeEnvironmentRecord(environment.record)}, state in ${context.stateDirectory}; stop it with Ctrl-C or SIGTERM`);
    while (!context.signal.aborted) {
      const { items } = await environment.store.list<Machine>(machineType);
      progress.machines(items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')).map(machineRow));
      await context.clock.sleep(progressIntervalMs, context.signal).catch(() => undefined);
    }
    progress.step('Stopping: letting cloud calls in flight finish and be recorded');
  } finally {
    await environment.close();
  }
  progress.finish();
  context.io.stdout.write('Manager stopped.\n');
}
