/**
 * How long `slipway --help` takes to start and exit, as a person feels it:
 * a new Node process each run, the built CLI (run `npx nx build slipway` first).
 * Target: ≤ 300 ms on the project's 2-core machine. Providers and their SDKs
 * must load lazily for this to hold.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.env['RUNS'] ?? 20);
const binary = fileURLToPath(new URL('../../../packages/cli/bin/slipway.js', import.meta.url));
const examples = fileURLToPath(new URL('../../../packages/cli/examples/', import.meta.url));
const built = fileURLToPath(new URL('../../../packages/cli/dist/index.js', import.meta.url));
if (!existsSync(built)) {
  console.error('build the CLI first: npx nx build slipway');
  process.exit(2);
}

function measure(argv: string[]): number[] {
  const durations: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [binary, ...argv], { encoding: 'utf8' });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`slipway ${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
    durations.push(elapsed);
  }
  return durations.sort((a, b) => a - b);
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

const baseline = (() => {
  const durations: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    durations.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return durations.sort((a, b) => a - b);
})();

const help = measure(['--help']);
console.log(`runs: ${runs}`);
console.log(`node -e 0 (the floor): p50 ${percentile(baseline, 0.5).toFixed(0)} ms, p90 ${percentile(baseline, 0.9).toFixed(0)} ms`);
console.log(`slipway --help:        p50 ${percentile(help, 0.5).toFixed(0)} ms, p90 ${percentile(help, 0.9).toFixed(0)} ms, max ${help.at(-1)?.toFixed(0)} ms (target ≤ 300 ms)`);

// Commands that load more: the help of a subcommand (still nothing lazy), validation (core + the one
// provider the manifests name), and a read of an empty store (the embedded database).
const stateDirectory = mkdtempSync(join(tmpdir(), 'slipway-bench-startup-'));
try {
  const others: [string, string[]][] = [
    ['slipway create cluster --help', ['create', 'cluster', '--help']],
    ['slipway validate -f examples (aws)', ['validate', '-f', join(examples, 'cluster.yaml'), '-f', join(examples, 'machines.yaml')]],
    ['slipway get machines (empty store)', ['--state-dir', stateDirectory, 'get', 'machines']],
  ];
  for (const [label, argv] of others) {
    const durations = measure(argv);
    console.log(`${`${label}:`.padEnd(38)} p50 ${percentile(durations, 0.5).toFixed(0)} ms, p90 ${percentile(durations, 0.9).toFixed(0)} ms`);
  }
} finally {
  rmSync(stateDirectory, { recursive: true, force: true });
}
