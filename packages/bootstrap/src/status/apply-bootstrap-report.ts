import { bootstrapPhases, type BootstrapPhase, type BootstrapStatus } from '@slipway/core';

/**
 * How one report from a machine's agent changes the Machine's bootstrap
 * status. Reports may repeat (the agent re-runs after a reboot) and may arrive
 * out of order (retries), so a phase is recorded once and the current phase
 * only ever moves forward.
 */
export interface BootstrapReport {
  phase: BootstrapPhase;
  outcome: 'succeeded' | 'failed';
  /** RFC 3339, from the machine's clock. */
  timestamp: string;
  exitCode?: number;
  logTail?: readonly string[];
}

export const maximumLogTailLines = 50;

export function isBootstrapPhase(value: string): value is BootstrapPhase {
  return (bootstrapPhases as readonly string[]).includes(value);
}

export function applyBootstrapReport(status: BootstrapStatus, report: BootstrapReport): BootstrapStatus {
  if (report.outcome === 'failed') {
    return {
      ...status,
      failure: {
        phase: report.phase,
        exitCode: report.exitCode ?? 1,
        logTail: (report.logTail ?? []).slice(-maximumLogTailLines),
        timestamp: report.timestamp,
      },
    };
  }
  const phases = [...(status.phases ?? [])];
  if (!phases.some((entry) => entry.phase === report.phase)) phases.push({ phase: report.phase, timestamp: report.timestamp });
  phases.sort((left, right) => bootstrapPhases.indexOf(left.phase) - bootstrapPhases.indexOf(right.phase));
  const current = status.phase === undefined ? -1 : bootstrapPhases.indexOf(status.phase);
  const reported = bootstrapPhases.indexOf(report.phase);
  const next: BootstrapStatus = { ...status, phases, phase: reported > current ? report.phase : status.phase };
  // A success at or past the phase that failed means a re-run got through: the failure is history.
  if (next.failure && isBootstrapPhase(next.failure.phase) && reported >= bootstrapPhases.indexOf(next.failure.phase)) {
    delete next.failure;
  }
  return next;
}

/** An RFC 3339 UTC timestamp as the agent writes it (`date -u +%Y-%m-%dT%H:%M:%SZ`). */
export function isReportTimestamp(value: string): boolean {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) && !Number.isNaN(Date.parse(value));
}
