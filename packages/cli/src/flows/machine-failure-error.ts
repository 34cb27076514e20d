import type { Machine } from '@slipway/core';

const marker = Symbol.for('slipway.error.MachineFailureError');

/**
 * A machine that cannot become ready (a terminal error, a failed bootstrap, or
 * a timeout): the message names the machine, its phase, and the last lines its
 * bootstrap agent reported, so nobody needs to log in to find out why.
 */
export class MachineFailureError extends Error {
  private readonly [marker] = true;
  readonly machineName: string;

  constructor(summary: string, machine: Machine | undefined) {
    super(describe(summary, machine));
    this.name = 'MachineFailureError';
    this.machineName = machine?.metadata.name ?? '';
  }

  static isInstance(error: unknown): error is MachineFailureError {
    return error != null && typeof error === 'object' && marker in error;
  }
}

function describe(summary: string, machine: Machine | undefined): string {
  if (!machine) return summary;
  const status = machine.status;
  const lines = [summary, `  machine ${machine.metadata.name}: phase ${status?.phase ?? 'Pending'}, bootstrap ${status?.bootstrap?.phase ?? 'not started'}`];
  if (status?.errorReason) lines.push(`  ${status.errorReason}: ${status.errorMessage ?? ''}`);
  const failure = status?.bootstrap?.failure;
  if (failure) {
    lines.push(`  bootstrap failed in ${failure.phase} with exit code ${failure.exitCode}; last lines of its log:`);
    lines.push(...failure.logTail.slice(-20).map((line) => `    ${line}`));
  }
  return lines.join('\n');
}
