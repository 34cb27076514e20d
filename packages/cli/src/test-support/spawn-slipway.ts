import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../main.ts', import.meta.url));
const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface SlipwayRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a separate process, from its sources, as a person would run it. */
export function spawnSlipway(
  argv: string[],
  options: { environment?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<SlipwayRun> & { pid: () => number | undefined; kill: (signal: NodeJS.Signals) => void; output: () => { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, ['--conditions=@slipway/source', '--import', 'tsx', entry, ...argv], {
    cwd: workspaceRoot,
    env: Object.fromEntries(Object.entries({ ...process.env, ...options.environment }).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 170_000);
  const done = new Promise<SlipwayRun>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return Object.assign(done, {
    pid: () => child.pid,
    kill: (signal: NodeJS.Signals) => void child.kill(signal),
    output: () => ({ stdout, stderr }),
  });
}
