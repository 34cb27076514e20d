import { spawn } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';

// Runs detached from this process: once the watched process is gone, SIGKILL every pid listed
// in <directory>/pids, then remove <directory>.
const REAPER_SCRIPT = `
watched=$1 directory=$2
while kill -0 "$watched" 2>/dev/null; do sleep 1; done
if [ -f "$directory/pids" ]; then kill -9 $(cat "$directory/pids") 2>/dev/null; fi
rm -rf "$directory"
`;

/**
 * A watchdog for a fixture's processes and temp directory when this Node process dies without
 * running its exit handlers (SIGKILL, a crashed test worker): a tiny detached `sh` that polls
 * this process once a second. Normal shutdown goes through stop(), which also ends the reaper.
 */
export interface OrphanReaper {
  /** Adds a pid to kill if this process dies first. */
  watch(pid: number): Promise<void>;
  /** Ends the reaper (after the fixture stopped its processes itself). */
  dismiss(): void;
}

export function startOrphanReaper(directory: string): OrphanReaper {
  const reaper = spawn('sh', ['-c', REAPER_SCRIPT, 'slipway-kubernetes-reaper', String(process.pid), directory], {
    detached: true,
    stdio: 'ignore',
  });
  reaper.on('error', () => {
    // No sh: the fixture still works, it only loses the SIGKILL safety net.
  });
  reaper.unref();
  return {
    watch: (pid) => appendFile(join(directory, 'pids'), `${pid}\n`),
    dismiss: () => {
      if (reaper.exitCode === null && reaper.signalCode === null) reaper.kill('SIGKILL');
    },
  };
}
