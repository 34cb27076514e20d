/**
 * How long the quickstart takes as a person runs it: the built `slipway` in a
 * new process each step, a fresh state directory: `up` (emulated cloud started,
 * one control-plane machine and N workers booted and joined), `up` again (a
 * resume that finds everything done), then `down` (everything deleted and the
 * emulated cloud stopped). Run `npx nx build slipway` first. Usage:
 * node --conditions=@slipway/source --import tsx tools/bench/cli-quickstart/index.ts [workers]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const workers = Number(process.argv[2] ?? 2);
const binary = fileURLToPath(new URL('../../../packages/cli/bin/slipway.js', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../../../packages/cli/dist/main.js', import.meta.url)))) {
  console.error('build the CLI first: npx nx build slipway');
  process.exit(2);
}

const stateDirectory = mkdtempSync(join(tmpdir(), 'slipway-bench-quickstart-'));

function step(label: string, argv: string[]): void {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [binary, '--state-dir', stateDirectory, ...argv], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`slipway ${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  console.log(`${`${label}:`.padEnd(34)} ${seconds.toFixed(1)} s`);
}

try {
  console.log(`workers: ${workers}`);
  step(`up (1 control plane + ${workers} workers)`, ['up', '--workers', String(workers)]);
  step('up again (resume, nothing to do)', ['up']);
  step('down (delete, stop the cloud)', ['down']);
} finally {
  // A failed step may leave the emulated cloud running: stop it by its record.
  spawnSync(process.execPath, [binary, '--state-dir', stateDirectory, 'down', '--timeout', '120'], { encoding: 'utf8' });
  rmSync(stateDirectory, { recursive: true, force: true });
}
