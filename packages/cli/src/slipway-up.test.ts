/**
 * The quickstart end to end, the CLI spawned as a process: `slipway up` brings
 * a cluster up on the emulated cloud with every machine booting its user data
 * and joining; `slipway down` leaves the cloud with nothing of it. The cloud is
 * checked through its own EC2 API, never through the provider.
 */
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isProcessAlive, readLocalCloudRecord } from './local-cloud/local-cloud-record.js';
import { spawnSlipway } from './test-support/spawn-slipway.js';

interface MachineList {
  items: { metadata: { name: string }; spec: { providerID?: string }; status?: { phase?: string; nodeRef?: { name: string } } }[];
}

describe('slipway up and down', { timeout: 300_000 }, () => {
  let stateDirectory = '';

  afterAll(async () => {
    const record = stateDirectory ? await readLocalCloudRecord(join(stateDirectory, 'local-cloud.json')) : undefined;
    if (record && isProcessAlive(record.pid)) process.kill(record.pid, 'SIGTERM');
    if (stateDirectory) await rm(stateDirectory, { recursive: true, force: true });
  });

  async function liveInstances(endpoint: string, region: string): Promise<string[]> {
    const client = new EC2Client({ endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const answer = await client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:slipway-cluster-name', Values: ['quickstart'] }] }));
    client.destroy();
    return (answer.Reservations ?? [])
      .flatMap((reservation) => reservation.Instances ?? [])
      .filter((instance) => instance.State?.Name !== 'terminated' && instance.State?.Name !== 'shutting-down')
      .map((instance) => instance.InstanceId ?? '');
  }

  it('brings every machine to Running with its node, resumes on a second run, and deletes everything', async () => {
    stateDirectory = await mkdtemp(join(tmpdir(), 'slipway-up-'));
    const environment = { SLIPWAY_STATE_DIR: stateDirectory };

    const up = await spawnSlipway(['up', '--workers', '2'], { environment });
    expect(up.stderr, up.stderr).not.toContain('error:');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('Cluster "quickstart" is up: 3 machines joined without ssh.');
    const kubeconfigPath = join(stateDirectory, 'kubeconfigs', 'quickstart.kubeconfig');
    expect(up.stdout).toContain(kubeconfigPath);
    expect(await readFile(kubeconfigPath, 'utf8')).toMatch(/certificate-authority-data: \S+/);

    const listed = await spawnSlipway(['get', 'machines', '-o', 'json'], { environment });
    expect(listed.code).toBe(0);
    const machines = JSON.parse(listed.stdout) as MachineList;
    expect(machines.items).toHaveLength(3);
    for (const machine of machines.items) {
      expect(machine.status?.phase, machine.metadata.name).toBe('Running');
      expect(machine.status?.nodeRef?.name).toBe(machine.metadata.name);
      expect(machine.spec.providerID).toMatch(/^aws:\/\/\/us-east-1[a-z]\/i-[0-9a-f]+$/);
    }

    const described = await spawnSlipway(['describe', 'machine', 'quickstart-control-plane-0'], { environment });
    expect(described.code, described.stderr).toBe(0);
    expect(described.stdout).toMatch(/Node:\s+quickstart-control-plane-0/);
    expect(described.stdout).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z\s+UserDataReceived\n[\s\S]*Z\s+NodeRegistered/);
    expect(described.stdout).toMatch(/Normal\s+NodeRegistered\s+1\s+node quickstart-control-plane-0 registered/);
    const kubeconfig = await spawnSlipway(['get', 'kubeconfig', 'quickstart'], { environment });
    expect(kubeconfig.code, kubeconfig.stderr).toBe(0);
    // A fresh admin certificate each time, for the same cluster and CA as the file `up` wrote.
    const printed = parse(kubeconfig.stdout) as { clusters: unknown[]; users: { user: Record<string, string> }[] };
    const written = parse(await readFile(kubeconfigPath, 'utf8')) as { clusters: unknown[] };
    expect(printed.clusters).toEqual(written.clusters);
    expect(printed.users[0]?.user['client-certificate-data']).toMatch(/^[A-Za-z0-9+/=]{100,}$/);

    const cloud = await readLocalCloudRecord(join(stateDirectory, 'local-cloud.json'));
    expect(cloud).toBeDefined();
    const instances = await liveInstances(cloud!.endpoint, cloud!.region);
    expect(instances.sort()).toEqual(machines.items.map((machine) => machine.spec.providerID!.split('/').pop()).sort());

    const again = await spawnSlipway(['up'], { environment });
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect((await liveInstances(cloud!.endpoint, cloud!.region)).sort()).toEqual(instances.sort());

    // Scaled up, a plain `up` (no --workers) keeps the new count and waits for it.
    const scaled = await spawnSlipway(['scale', 'machinedeployment', 'quickstart-workers', '--replicas', '3'], { environment });
    expect(scaled.code, scaled.stderr).toBe(0);
    const resumed = await spawnSlipway(['up'], { environment });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Cluster "quickstart" is up: 4 machines joined without ssh.');
    const grown = await liveInstances(cloud!.endpoint, cloud!.region);
    expect(grown).toHaveLength(4);
    expect(grown).toEqual(expect.arrayContaining(instances));

    const down = await spawnSlipway(['down', '--keep-local-cloud'], { environment });
    expect(down.stderr, down.stderr).not.toContain('error:');
    expect(down.code).toBe(0);
    expect(await liveInstances(cloud!.endpoint, cloud!.region)).toEqual([]);
    const afterDown = await spawnSlipway(['get', 'machines', '-o', 'json'], { environment });
    expect((JSON.parse(afterDown.stdout) as MachineList).items).toEqual([]);
  });
});
