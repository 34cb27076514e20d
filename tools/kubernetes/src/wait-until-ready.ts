import { setTimeout as sleep } from 'node:timers/promises';
import type { ManagedProcess } from './managed-process.js';

export interface WaitUntilReadyOptions {
  /** The probe, for error messages ("GET https://127.0.0.1:6443/readyz"). */
  description: string;
  process: ManagedProcess;
  /** One probe: resolves true when ready, else what it saw; a rejection also means "not yet". */
  probe: () => Promise<true | string>;
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
        `${options.process.name} exited (${exit.signal ?? `code ${exit.code}`}) before ${options.description} answered; its last output:\n${options.process.outputTail()}`,
      );
    }
    try {
      const result = await options.probe();
      if (result === true) return;
      lastProblem = result;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${options.process.name} was not ready within ${options.timeoutMs} ms (${options.description}: ${lastProblem}); its last output:\n${options.process.outputTail()}`,
      );
    }
    await sleep(options.intervalMs ?? 100);
  }
}
