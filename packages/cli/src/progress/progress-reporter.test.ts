import { describe, expect, it } from 'vitest';
import type { MachineRow } from './machine-row.js';
import { createProgressReporter } from './progress-reporter.js';

const row = (phase: string, bootstrap = ''): MachineRow => ({
  name: 'worker-1',
  role: 'worker',
  phase,
  providerID: 'aws:///us-east-1a/i-1',
  addresses: '',
  bootstrap,
  node: '',
  error: '',
});

function capture(isTTY: boolean) {
  let written = '';
  const io = { stdout: { write: () => true }, stderr: { write: (text: string) => (written += text), isTTY }, environment: {} };
  return { io, written: () => written };
}

describe('createProgressReporter', () => {
  it('writes one timestamped line per change when not on a terminal', () => {
    const output = capture(false);
    let now = Date.parse('2026-11-24T10:00:00Z');
    const progress = createProgressReporter(output.io, { now: () => now });
    progress.step('Control plane: 1 machine');
    progress.machines([row('Provisioning')]);
    progress.machines([row('Provisioning')]);
    now += 1500;
    progress.machines([row('Running', 'NodeRegistered')]);
    progress.finish();
    expect(output.written()).toBe(
      [
        '2026-11-24T10:00:00.000Z Control plane: 1 machine',
        '2026-11-24T10:00:00.000Z machine worker-1 (worker): Provisioning aws:///us-east-1a/i-1',
        '2026-11-24T10:00:01.500Z machine worker-1 (worker): Running NodeRegistered aws:///us-east-1a/i-1',
        '',
      ].join('\n'),
    );
    expect(output.written()).not.toContain('\x1b[');
  });

  it('redraws a table in place on a terminal and leaves the finished steps', () => {
    const output = capture(true);
    const progress = createProgressReporter(output.io, { now: () => 0 });
    progress.step('Control plane: 1 machine');
    progress.machines([row('Provisioning')]);
    progress.machines([row('Running', 'NodeRegistered')]);
    progress.finish();
    const text = output.written();
    // Each redraw moves the cursor up over the previous drawing (CSI n F) and clears below it (CSI 0 J).
    expect(text.match(/\x1b\[\d+F\x1b\[0J/g)?.length).toBe(3);
    expect(text).toContain('worker-1  worker  Running  aws:///us-east-1a/i-1  -          NodeRegistered');
    expect(text.endsWith('✔ Control plane: 1 machine\n')).toBe(true);
  });
});
