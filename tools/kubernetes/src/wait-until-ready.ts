import { setTimeout as sleep } from 'node:timers/promises';
import type { ManagedProcess } from './managed-process.js';

export interface WaitUntilReadyOptions {
  /** What is awaited, for the error message ("kube-apiserver /readyz"). */
  description: string;
  process: ManagedProcess;
  /** One probe: resolves true when ready; false or a rejection means "not yet". */
  probe: () => Promise<boolean>;
  timeoutMs: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it succeeds. Fails early if the process exits, or after `timeoutMs`,
 * with an error that carries the process's last output lines.
 */
export async function waitUntilReady(options: WaitUntilReadyOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    const exit = options.process.exit();
    if (exit !== undefined) {
      throw new Error(
        `${options.process.name} exited (${exit.signal ?? `code ${exit.code}`}) before ${options.description} was ready; its last output:\n${options.process.outputTail()}`,
      );
    }
    try {
      if (await options.probe()) return;
      lastProblem = 'not ready';
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${options.description} was not ready within ${options.timeoutMs} ms (last probe: ${lastProblem}); ${options.process.name}'s last output:\n${options.process.outputTail()}`,
      );
    }
    await sleep(options.intervalMs ?? 100);
  }
}
