import { spawn, type ChildProcess } from 'node:child_process';
import { onProcessExit } from './on-process-exit.js';
import { OutputTail } from './output-tail.js';

/**
 * A server process owned by a fixture: its output is kept (last lines) rather than printed,
 * it is killed by stop(), and SIGKILLed when this Node process exits while it still runs.
 * (A Node process that is itself SIGKILLed runs no handler; the orphan reaper covers that.)
 */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves once the process has exited (and been reaped). */
  readonly exited: Promise<ProcessExit>;
  /** The exit, once it happened. */
  exit(): ProcessExit | undefined;
  /** The last lines of its stdout and stderr, interleaved. */
  outputTail(): string;
  /** SIGTERM, then SIGKILL after `graceMs` (0: SIGKILL at once); resolves when the process is gone. Idempotent. */
  stop(graceMs?: number): Promise<ProcessExit>;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartProcessOptions {
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Also copy the output to this process's stderr, prefixed by the name. */
  echoOutput?: boolean;
}

/** Starts a process; rejects if it cannot be spawned at all (missing binary). */
export function startProcess(options: StartProcessOptions): Promise<ManagedProcess> {
  const child = spawn(options.command, options.args, {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = new OutputTail();
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      tail.push(chunk);
      if (options.echoOutput) process.stderr.write(prefixLines(options.name, chunk));
    });
  }
  let exit: ProcessExit | undefined;
  // Unregisters the kill-on-exit hook once the process is gone.
  let forget: () => void = () => {};
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      forget();
      exit = { code, signal };
      resolve(exit);
    });
  });
  let stopping: Promise<ProcessExit> | undefined;

  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      forget();
      reject(new Error(`could not start ${options.name} (${options.command}): ${error.message}`));
    });
    child.once('spawn', () => {
      if (exit === undefined) forget = onProcessExit(() => child.kill('SIGKILL'));
      // A running server alone must not keep this Node process alive (a forgotten stop()
      // would hang the test run); the exit hook above kills it when the process ends.
      unref(child);
      resolve({
        name: options.name,
        pid: child.pid!,
        exited,
        exit: () => exit,
        outputTail: () => tail.text(),
        stop(graceMs = 3000) {
          stopping ??= (async () => {
            if (exit !== undefined) return exit;
            child.ref(); // keep the event loop alive until the exit is seen
            child.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
            const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
            try {
              return await exited;
            } finally {
              clearTimeout(timer);
            }
          })();
          return stopping;
        },
      });
    });
  });
}

function unref(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdout, child.stderr]) {
    // Pipes are net.Sockets at runtime; their type here is only Readable.
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
}

function prefixLines(name: string, chunk: string): string {
  return chunk.replace(/^(?=.)/gm, `[${name}] `);
}
