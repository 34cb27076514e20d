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
    for (let waited = 0; !/machine \S+ \(control-plane\): Provisioning/.test(interrupted.output().stderr) && waited < 1200; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    interrupted.kill('SIGINT');
    const stoppedByCtrlC = await interrupted;
    expect(stoppedByCtrlC.code, stoppedByCtrlC.stderr).toBe(130);
    expect(stoppedByCtrlC.stderr).toContain('Stopping: letting cloud calls in flight finish and be recorded');
    expect(stoppedByCtrlC.stderr).toContain('Stopped. Run the same command again to resume where it stopped.');

    // How long a run works after its first output; learnt from runs that finish, so that kills keep
    // landing inside runs once the cluster is complete and a rerun only checks it.
    let workSpanMs = 8000;
    for (let attempt = 0; killedAt.length < 10 && attempt < 40; attempt += 1) {
      const run = spawnSlipway(['create', 'cluster', '-f', manifest], { environment });
      // Every third kill lands while the process starts; the others a random time after it began to work.
      const whileStarting = attempt % 3 === 0;
      const delayMs = Math.round(whileStarting ? 300 + random() * 2500 : random() * workSpanMs * 0.9);
      let settled = false;
      let firstOutputAt = 0;
      void run.then(() => (settled = true));
      const killer = (async () => {
        if (!whileStarting) {
          for (let waited = 0; !settled && run.output().stderr === '' && waited < 600; waited += 1) await new Promise((resolve) => setTimeout(resolve, 50));
          firstOutputAt = Date.now();
        }
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (settled) return;
        const lines = run.output().stderr.trim().split('\n');
        killedAt.push(`${whileStarting ? 'from start' : 'after first output'} +${delayMs} ms: ${lines[lines.length - 1] || '(nothing printed yet)'}`);
        run.kill('SIGKILL');
      })();
      const result = await run;
      if (!whileStarting && firstOutputAt === 0) firstOutputAt = Date.now();
      const finishedAt = Date.now();
      await killer;
      if (result.signal !== 'SIGKILL') {
        expect(result.code, result.stderr).toBe(0);
        if (!whileStarting) workSpanMs = Math.max(300, finishedAt - firstOutputAt);
      }
    }
    expect(killedAt.length).toBeGreaterThanOrEqual(10);
    // Some kills must land while machines were being made, not only while the process started.
    expect(killedAt.filter((line) => /machine \S+ \(.*\): (Pending|Provisioning|Provisioned)/.test(line)).length, killedAt.join('\n')).toBeGreaterThanOrEqual(2);

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
