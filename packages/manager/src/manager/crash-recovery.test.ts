/**
 * The crash test: a separate process scales a MachineDeployment to 200 (and
 * rolls its template, and scales it down and back) while it is killed with
 * SIGKILL at random moments, 50 times, then restarted once more to finish.
 * Afterwards every acknowledged write is in the store, the cloud holds exactly
 * one live instance per Machine (no duplicate, no leak), and the store opened
 * cleanly every time.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Machine } from '@slipway/core';
import { openEmbeddedStore } from '../store/embedded-store.js';
import { machineType, secretType } from '../store/object-types.js';
import { finalReplicas, planFor } from '../test-support/crash-plan.js';
import { temporaryDirectory } from '../test-support/fixtures.js';
import { InMemoryCloud } from '../test-support/in-memory-cloud.js';

const childScript = fileURLToPath(new URL('../test-support/crash-child.ts', import.meta.url));
const kills = 50;

interface ChildRun {
  lines: string[];
  opened: Promise<void>;
  /** The child has started its manager and applied its run's plan. */
  planned: Promise<void>;
  exited: Promise<number | null>;
  /** Lets the child open the store (it has loaded its modules by then, or soon). */
  go(): void;
  kill(): void;
}

function startChild(stateDirectory: string, journalPath: string, run: string): ChildRun {
  const child = spawn(process.execPath, ['--conditions=@slipway/source', '--import', 'tsx', childScript, stateDirectory, journalPath, run], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let buffer = '';
  let markOpened: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (markOpened = resolve));
  let markPlanned: () => void = () => undefined;
  const planned = new Promise<void>((resolve) => (markPlanned = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (line === 'OPENED') markOpened();
      if (line.startsWith('PLAN ')) markPlanned();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (buffer !== '') lines.push(buffer);
      if (code !== null && code !== 0) lines.push(`STDERR ${stderr}`);
      resolve(code);
    }),
  );
  return { lines, opened, planned, exited, go: () => child.stdin.end('GO\n'), kill: () => child.kill('SIGKILL') };
}

/** A small seeded generator, so a failing sequence of kill moments can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

describe('crash recovery under kill -9', () => {
  it(
    `keeps every acknowledged write and ends with exactly ${finalReplicas} instances after ${kills} kills`,
    async () => {
      const seed = Number(process.env['SLIPWAY_CRASH_SEED'] ?? Date.now() % 1_000_000);
      const random = seededRandom(seed);
      const directory = temporaryDirectory();
      const stateDirectory = join(directory.path, 'state');
      const journalPath = join(directory.path, 'cloud.jsonl');
      const acknowledged: string[] = [];
      let opens = 0;
      try {
        // Each child is started while its predecessor still runs, so module
        // loading overlaps; it touches the store only after its predecessor died.
        let next = startChild(stateDirectory, journalPath, '0');
        for (let run = 0; run < kills; run += 1) {
          const child = next;
          child.go();
          const outcome = await Promise.race([child.opened.then(() => 'opened' as const), child.exited.then(() => 'exited' as const)]);
          expect(outcome, `run ${run} (seed ${seed}) did not open the store: ${child.lines.join('\n')}`).toBe('opened');
          opens += 1;
          next = startChild(stateDirectory, journalPath, run + 1 < kills ? String(run + 1) : 'final');
          // One run in three dies while starting up (listing, first reconciles); the
          // others while the controllers work on the run's plan.
          if (random() < 2 / 3) await Promise.race([child.planned, child.exited]);
          await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 200)));
          child.kill();
          await child.exited;
          for (const line of child.lines) if (line.startsWith('ACK ')) acknowledged.push(line.slice(4));
        }

        // What the killed runs got done: instances made, and deleted by rollouts and scale-down.
        const afterKills = new InMemoryCloud({ journalPath });
        const madeUnderKills = afterKills.instances.size;
        const deletedUnderKills = madeUnderKills - afterKills.liveInstances().length;
        afterKills.close();
        expect(madeUnderKills, `instances made while being killed (seed ${seed})`).toBeGreaterThanOrEqual(finalReplicas / 2);
        expect(deletedUnderKills, `instances deleted while being killed (seed ${seed})`).toBeGreaterThan(0);

        process.stdout.write(`crash test (seed ${seed}): ${madeUnderKills} instances made and ${deletedUnderKills} deleted under ${kills} kills, ${acknowledged.length} acknowledged probe writes\n`);
        const last = next;
        last.go();
        const code = await last.exited;
        expect(code, `final run (seed ${seed}): ${last.lines.join('\n')}`).toBe(0);
        expect(last.lines).toContain('OPENED');
        expect(last.lines).toContain('DONE');
        opens += 1;
        expect(opens).toBe(kills + 1);

        const store = openEmbeddedStore({ stateDirectory });
        const cloud = new InMemoryCloud({ journalPath });
        try {
          const secrets = new Set((await store.list(secretType)).items.map((secret) => secret.metadata.name));
          const lost = acknowledged.filter((name) => !secrets.has(name));
          expect(acknowledged.length).toBeGreaterThan(kills / 2);
          expect(lost, `acknowledged writes lost (seed ${seed})`).toEqual([]);

          const machines = (await store.list<Machine>(machineType)).items;
          const plan = planFor(1_000);
          expect(machines).toHaveLength(finalReplicas);
          expect(machines.every((machine) => machine.spec.providerSpec.value?.['instanceType'] === plan.instanceType)).toBe(true);
          const machineUids = new Set(machines.map((machine) => machine.metadata.uid));
          const live = cloud.liveInstances();
          const perMachine = new Map<string, number>();
          for (const instance of live) perMachine.set(instance.machineUid, (perMachine.get(instance.machineUid) ?? 0) + 1);
          const duplicates = [...perMachine.values()].filter((count) => count > 1).length;
          const leaked = live.filter((instance) => !machineUids.has(instance.machineUid)).length;
          expect({ live: live.length, duplicates, leaked }, `cloud after ${kills} kills (seed ${seed})`).toEqual({
            live: finalReplicas,
            duplicates: 0,
            leaked: 0,
          });
          for (const machine of machines) {
            const [instance] = cloud.instancesOfMachine(machine.metadata.uid ?? '');
            expect(machine.spec.providerID).toBe(instance?.providerID);
          }
        } finally {
          await store.close();
          cloud.close();
        }
      } finally {
        directory.remove();
      }
    },
    180_000,
  );
});
