/**
 * `slipway create cluster` stopped with Ctrl-C, then killed with SIGKILL at
 * random moments again and again, then run to completion: the emulated cloud (its own process, so it
 * outlives each kill as a real cloud would) must end with exactly the declared
 * instances, none twice for one Machine and none without a Machine. Then the
 * cluster is scaled through `slipway scale` + `slipway manager` (stopped with
 * SIGTERM) and deleted with `slipway delete cluster` down to zero instances.
 * The cloud is read through its own EC2 API.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive, readLocalCloudRecord } from './local-cloud/local-cloud-record.js';
import { liveInstancesOfCluster, type CloudInstance } from './test-support/emulated-cloud-inspector.js';
import { spawnSlipway } from './test-support/spawn-slipway.js';

const manifest = fileURLToPath(new URL('./test-support/manifests/small-cluster.yaml', import.meta.url));

interface MachineList {
  items: { metadata: { name: string; uid: string }; spec: { providerID?: string }; status?: { phase?: string; nodeRef?: { name: string } } }[];
}

/** A small deterministic generator, so every run kills at the same moments. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('slipway create cluster under kill -9', { timeout: 600_000 }, () => {
  let stateDirectory = '';

  afterAll(async () => {
    const record = stateDirectory ? await readLocalCloudRecord(join(stateDirectory, 'local-cloud.json')) : undefined;
    if (record && isProcessAlive(record.pid)) process.kill(record.pid, 'SIGTERM');
    if (stateDirectory) await rm(stateDirectory, { recursive: true, force: true });
  });

  async function storedMachines(environment: Record<string, string>): Promise<MachineList['items']> {
    const listed = await spawnSlipway(['get', 'machines', '-o', 'json'], { environment });
    expect(listed.code, listed.stderr).toBe(0);
    return (JSON.parse(listed.stdout) as MachineList).items;
  }

  function expectOneInstancePerMachine(instances: CloudInstance[], machines: MachineList['items']): void {
    const uids = instances.map((instance) => instance.tags['slipway-machine-uid']);
    expect(new Set(uids).size, `two instances for one Machine: ${JSON.stringify(instances)}`).toBe(uids.length);
    expect(uids.sort()).toEqual(machines.map((machine) => machine.metadata.uid).sort());
    expect(instances.map((instance) => instance.instanceId).sort()).toEqual(machines.map((machine) => machine.spec.providerID?.split('/').pop()).sort());
  }

  it('ends with exactly the declared instances after at least ten kills, scales, and deletes to zero', async () => {
    stateDirectory = await mkdtemp(join(tmpdir(), 'slipway-crash-'));
    const environment = { SLIPWAY_STATE_DIR: stateDirectory };
    const random = seededRandom(20261124);
    const killedAt: string[] = [];

    // Ctrl-C first: the command stops cleanly, letting cloud calls in flight finish and be recorded.
    const interrupted = spawnSlipway(['create', 'cluster', '-f', manifest], { environment });
    for (let waited = 0; !/Creating cluster/.test(interrupted.output().stderr) && waited < 1200; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    interrupted.kill('SIGINT');
    const stoppedByCtrlC = await interrupted;
    expect(stoppedByCtrlC.code, stoppedByCtrlC.stderr).toBe(130);
    expect(stoppedByCtrlC.stderr).toContain('Stopping: letting cloud calls in flight finish and be recorded');
    expect(stoppedByCtrlC.stderr).toContain('Stopped. Run the same command again to resume where it stopped.');

    // Where the kills land: while the process starts, or a random moment (0 to 400 ms) after the run
    // shows it reached a given point of the creation, in creation order; a point a rerun never
    // reaches (it is past it) lets that run finish, and the next point is tried.
    const killPoints: (RegExp | 'start')[] = [
      'start',
      /Creating cluster/,
      /infrastructure/,
      /\(control-plane\): Pending/,
      'start',
      /\(control-plane\): Provisioning/,
      /\(control-plane\): Provisioned/,
      /Admin kubeconfig written/,
      'start',
      /\(worker\): (Pending|Provisioning)/,
      /\(worker\): Provisioned/,
      /\(worker\): Running/,
    ];
    let completedOnce = false;
    let killsWhileCreating = 0;
    let lastCompletedRunMs = 0;
    for (let attempt = 0; killedAt.length < 10 && attempt < 36; attempt += 1) {
      // Once a run has finished the cluster, reruns only check it: kill those at a random moment of a
      // rerun's measured length, so the ten kills are reached however fast this machine is.
      const point = completedOnce ? 'start' : (killPoints[attempt % killPoints.length] ?? 'start');
      const startedAt = Date.now();
      const run = spawnSlipway(['create', 'cluster', '-f', manifest], { environment });
      const startSpanMs = completedOnce ? 0.85 * lastCompletedRunMs : 2500;
      const delayMs = Math.round(point === 'start' ? 300 + random() * (startSpanMs - 300) : random() * 400);
      let settled = false;
      void run.then(() => (settled = true));
      const killer = (async () => {
        if (point !== 'start') {
          for (let waited = 0; !settled && !point.test(run.output().stderr) && waited < 2400; waited += 1) await new Promise((resolve) => setTimeout(resolve, 25));
        }
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (settled) return;
        const lines = run.output().stderr.trim().split('\n');
        killedAt.push(`${point === 'start' ? 'from start' : `after ${point.source}`} +${delayMs} ms: ${lines[lines.length - 1] || '(nothing printed yet)'}`);
        run.kill('SIGKILL');
      })();
      const result = await run;
      await killer;
      if (result.signal === 'SIGKILL' && !completedOnce) killsWhileCreating += 1;
      if (result.signal !== 'SIGKILL') {
        expect(result.code, result.stderr).toBe(0);
        completedOnce = true;
        lastCompletedRunMs = Math.max(400, Date.now() - startedAt);
      }
    }
    expect(killedAt.length).toBeGreaterThanOrEqual(10);
    // Some kills must land before any run had finished the cluster, not only on reruns that find it done.
    expect(killsWhileCreating, killedAt.join('\n')).toBeGreaterThanOrEqual(3);

    let finished = await spawnSlipway(['create', 'cluster', '-f', manifest], { environment, timeoutMs: 240_000 });
    expect(finished.code, `${finished.stderr}\nkilled at:\n${killedAt.join('\n')}`).toBe(0);
    expect(finished.stdout).toContain('Cluster "small" is ready: 2 machines joined.');

    const machines = await storedMachines(environment);
    expect(machines).toHaveLength(2);
    for (const machine of machines) {
      expect(machine.status?.phase).toBe('Running');
      expect(machine.status?.nodeRef?.name).toBe(machine.metadata.name);
    }
    expectOneInstancePerMachine(await liveInstancesOfCluster(stateDirectory, 'small'), machines);

    // A rerun of a finished cluster changes nothing in the cloud.
    finished = await spawnSlipway(['create', 'cluster', '-f', manifest], { environment });
    expect(finished.code, finished.stderr).toBe(0);
    expectOneInstancePerMachine(await liveInstancesOfCluster(stateDirectory, 'small'), machines);

    const scaled = await spawnSlipway(['scale', 'machinedeployment', 'small-workers', '--replicas', '2'], { environment });
    expect(scaled.code, scaled.stderr).toBe(0);
    expect(scaled.stdout).toContain('scaled from 1 to 2 replicas');
    const manager = spawnSlipway(['manager'], { environment, timeoutMs: 240_000 });
    // The manager reports each machine's progress; stop it once three machines show their node.
    for (let waited = 0; waited < 1200; waited += 1) {
      const registered = new Set([...manager.output().stderr.matchAll(/machine (\S+) \(\w[\w-]*\): Running NodeRegistered/g)].map((match) => match[1]));
      if (registered.size >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    manager.kill('SIGTERM');
    const stopped = await manager;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain('Manager stopped.');
    const afterScale = await storedMachines(environment);
    expect(afterScale.filter((machine) => machine.status?.nodeRef)).toHaveLength(3);
    expectOneInstancePerMachine(await liveInstancesOfCluster(stateDirectory, 'small'), afterScale);

    const deleted = await spawnSlipway(['delete', 'cluster', 'small'], { environment, timeoutMs: 240_000 });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(await liveInstancesOfCluster(stateDirectory, 'small')).toEqual([]);
    expect(await storedMachines(environment)).toEqual([]);
  });
});
