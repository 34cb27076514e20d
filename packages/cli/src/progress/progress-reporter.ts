import type { CliIo } from '../cli-io.js';
import { renderTable } from '../render-table.js';
import { machineTableCells, machineTableHeader, type MachineRow } from './machine-row.js';

/**
 * Shows a long operation to a person. On a terminal: a live table of machines
 * redrawn in place under the current step. Elsewhere (CI logs, pipes): one
 * timestamped line per change, nothing redrawn.
 */
export interface ProgressReporter {
  step(message: string): void;
  machines(rows: readonly MachineRow[]): void;
  /** Leaves the last table on screen and stops redrawing. */
  finish(): void;
}

export function createProgressReporter(io: CliIo, clock: { now(): number }): ProgressReporter {
  return io.stderr.isTTY ? new LiveProgressReporter(io) : new LineProgressReporter(io, clock);
}

class LineProgressReporter implements ProgressReporter {
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly io: CliIo,
    private readonly clock: { now(): number },
  ) {}

  step(message: string): void {
    this.io.stderr.write(`${this.timestamp()} ${message}\n`);
  }

  machines(rows: readonly MachineRow[]): void {
    for (const row of rows) {
      const summary = [row.phase, row.bootstrap, row.providerID, row.error].filter(Boolean).join(' ');
      if (this.seen.get(row.name) === summary) continue;
      this.seen.set(row.name, summary);
      this.io.stderr.write(`${this.timestamp()} machine ${row.name} (${row.role}): ${summary}\n`);
    }
  }

  finish(): void {}

  private timestamp(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

class LiveProgressReporter implements ProgressReporter {
  private drawnLines = 0;
  private currentStep = '';
  private rows: readonly MachineRow[] = [];

  constructor(private readonly io: CliIo) {}

  step(message: string): void {
    this.clear();
    if (this.currentStep) this.io.stderr.write(`✔ ${this.currentStep}\n`);
    this.currentStep = message;
    this.draw();
  }

  machines(rows: readonly MachineRow[]): void {
    this.rows = rows;
    this.clear();
    this.draw();
  }

  finish(): void {
    this.clear();
    if (this.currentStep) this.io.stderr.write(`✔ ${this.currentStep}\n`);
    this.currentStep = '';
  }

  private draw(): void {
    const text = `… ${this.currentStep}\n${this.rows.length ? renderTable(machineTableHeader, this.rows.map(machineTableCells)) : ''}`;
    this.io.stderr.write(text);
    this.drawnLines = text.split('\n').length - 1;
  }

  private clear(): void {
    if (this.drawnLines > 0) this.io.stderr.write(`\x1b[${this.drawnLines}F\x1b[0J`);
    this.drawnLines = 0;
  }
}
