import type { ClockV1 } from '@slipway/core';
import type { CliIo } from './cli-io.js';
import type { SelfCommand } from './self-command.js';

/** What every command that touches state gets from the global options and the process. */
export interface CommandContext {
  io: CliIo;
  stateDirectory: string;
  logLevel: string;
  clock: ClockV1;
  /** Aborted on Ctrl-C: commands stop waiting and shut down cleanly. */
  signal: AbortSignal;
  selfCommand: SelfCommand;
}
