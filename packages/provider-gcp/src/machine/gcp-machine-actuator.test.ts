import { InvalidProviderSpecError, TerminalError, TransientError } from '@slipway/core';
import { uuidFromMachineUid } from '@slipway/provider-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { gcpMachineProviderStatusSchema } from '../cluster/gcp-provider-status.js';
import { instanceNameOf } from '../cluster/gcp-resource-names.js';
import {
  callsSince,
  clusterFixture,
  machineFixture,
  startGcpTestBed,
  userData,
  workerSpec,
  type GcpTestBed,
} from '../test-support/gcp-test-fixtures.js';

let bed: GcpTestBed | undefined;
afterEach(async () => {
  await bed?.stop();
  bed = undefined;
});

const noCluster = clusterFixture({ providerSpec: null });

async function insertDirectly(testBed: GcpTestBed, name: string, labels: Record<string, string>): Promise<void> {
  const answer = await fetch(`${testBed.emulator.endpoint}/compute/v1/projects/${testBed.emulator.project}/zones/us-central1-a/instances`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name,
      machineType: 'zones/us-central1-a/machineTypes/e2-small',
      labels,
      disks: [{ boot: true, autoDelete: true, initializeParams: { sourceImage: 'projects/debian-cloud/global/images/family/debian-12' } }],
      networkInterfaces: [{ network: 'global/networks/default' }],
    }),
  });
  expect(answer.status).toBe(200);
}

describe('GcpMachineActuator.create', () => {
  it('inserts one labelled instance with the user data and the Machine-derived requestId, then waits on the zonal operation', async () => {
    bed = await startGcpTestBed();
    const machine = machineFixture('worker-1');
    const result = await bed.actuators.machine.create({ cluster: noCluster, machine, bootstrapData: { userData } }, bed.context);

    const name = instanceNameOf(machine);
    expect(result.providerID).toBe(`gce://slipway-emulated/us-central1-a/${name}`);
    expect(result.instanceState).toBe('running');
    expect(result.addresses.map((address) => address.type)).toEqual(['InternalIP', 'ExternalIP', 'Hostname']);
    expect(gcpMachineProviderStatusSchema.parse(result.providerStatus)).toMatchObject({ instanceName: instanceNameOf(machine), zone: 'us-central1-a', status: 'RUNNING' });
    const [instance] = bed.emulator.runtime.inspect.instances();
    expect(instance?.id).toBe(`slipway-emulated/us-central1-a/${name}`);
    expect(instance?.tags).toEqual({
      team: 'platform',
      'slipway-cluster-name': 'alpha',
      'slipway-machine-name': 'worker-1',
      'slipway-machine-uid': 'uid-worker-1',
      'slipway-role': 'worker',
    });
    expect(instance?.idempotencyKey).toBe(uuidFromMachineUid('uid-worker-1', 'instances.insert'));
    expect(Buffer.from(instance!.userData!).toString()).toBe(userData);
    const counts = bed.emulator.runtime.inspect.callLog.countsByAction();
    expect(counts['compute.instances.insert']).toBe(1);
    expect(counts['compute.instances.get']).toBe(1);
    expect(counts['compute.zoneOperations.wait']).toBeGreaterThanOrEqual(1);
    expect(counts['compute.zoneOperations.get']).toBeUndefined();
  });

  it('carries every providerSpec field to the instance: shape, image, disk, network, identity, scheduling, tags', async () => {
    bed = await startGcpTestBed();
    const machine = machineFixture('worker-1', {
      providerSpec: {
        ...workerSpec,
        machineType: 'n2-standard-4',
        image: { name: 'ubuntu-2204-lts', project: 'ubuntu-os-cloud' },
        disk: { sizeGb: 64, type: 'pd-ssd' },
        serviceAccount: { email: 'nodes@project.iam.gserviceaccount.com', scopes: ['https://www.googleapis.com/auth/compute.readonly'] },
        spot: true,
        networkTags: ['web', 'metrics'],
        publicIP: false,
      },
    });
    const result = await bed.actuators.machine.create({ cluster: noCluster, machine, bootstrapData: { userData } }, bed.context);
    expect(result.addresses.map((address) => address.type)).toEqual(['InternalIP', 'Hostname']);
    const [instance] = bed.emulator.runtime.inspect.instances();
    expect(instance?.attributes).toMatchObject({
      machineType: 'https://www.googleapis.com/compute/v1/projects/slipway-emulated/zones/us-central1-a/machineTypes/n2-standard-4',
      tags: ['web', 'metrics'],
      serviceAccounts: [{ email: 'nodes@project.iam.gserviceaccount.com', scopes: ['https://www.googleapis.com/auth/compute.readonly'] }],
      scheduling: { provisioningModel: 'SPOT', automaticRestart: false },
      network: 'https://www.googleapis.com/compute/v1/projects/slipway-emulated/global/networks/default',
      autoDelete: true,
    });
    const [disk] = bed.emulator.runtime.inspect.resources({ kind: 'disk' });
    expect(disk?.attributes).toMatchObject({ sizeGb: '64', type: 'pd-ssd', sourceImage: 'https://www.googleapis.com/compute/v1/projects/ubuntu-os-cloud/global/images/ubuntu-2204-lts' });
    expect(disk?.tags).toMatchObject({ 'slipway-machine-uid': 'uid-worker-1', team: 'platform' });
  });

  it('creates nothing new when called again for the same Machine', async () => {
    bed = await startGcpTestBed();
    const machine = machineFixture('worker-1');
    const first = await bed.actuators.machine.create({ cluster: noCluster, machine, bootstrapData: { userData } }, bed.context);
    const second = await bed.actuators.machine.create({ cluster: noCluster, machine, bootstrapData: { userData } }, bed.context);
    expect(second.providerID).toBe(first.providerID);
    expect(bed.emulator.runtime.inspect.instances()).toHaveLength(1);
  });

  it('survives a lost reply to the insert: the retry with the same requestId gets the original operation', async () => {
    bed = await startGcpTestBed();
    bed.emulator.runtime.faults.loseReplies({ actions: ['compute.instances.insert'], onlyWhenCreating: 'instance' });
    const result = await bed.actuators.machine.create({ cluster: noCluster, machine: machineFixture('worker-1'), bootstrapData: { userData } }, bed.context);
    expect(result.instanceState).toBe('running');
    expect(bed.emulator.runtime.inspect.instances()).toHaveLength(1);
    expect(bed.emulator.runtime.callLog.countByOutcome('lost-reply')).toBe(1);
    expect(bed.emulator.runtime.inspect.callLog.countsByAction()['compute.instances.insert']).toBe(2);
  });

  it('adopts an instance of its name that carries its UID, and refuses one that does not', async () => {
    bed = await startGcpTestBed();
    const ours = machineFixture('worker-1');
    // An instance a previous attempt made under another requestId (older than the deduplication window).
    await insertDirectly(bed, instanceNameOf(ours), { 'slipway-cluster-name': 'alpha', 'slipway-machine-uid': 'uid-worker-1' });
    const adopted = await bed.actuators.machine.create({ cluster: noCluster, machine: ours, bootstrapData: { userData } }, bed.context);
    expect(adopted.providerID).toContain(instanceNameOf(ours));
    expect(bed.emulator.runtime.inspect.instances()).toHaveLength(1);

    const theirs = machineFixture('worker-2');
    await insertDirectly(bed, instanceNameOf(theirs), { 'slipway-cluster-name': 'alpha', 'slipway-machine-uid': 'somebody-else' });
    const error = await bed.actuators.machine.create({ cluster: noCluster, machine: theirs, bootstrapData: { userData } }, bed.context).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(error) && error.reason).toBe('CreateError');
    expect((error as Error).message).toContain('is not this Machine');
    expect(bed.emulator.runtime.inspect.instances()).toHaveLength(2);
  });

  it('names the invalid field and calls nothing', async () => {
    bed = await startGcpTestBed();
    const machine = machineFixture('worker-1', { providerSpec: { ...workerSpec, additionalLabels: { Team: 'x' } } });
    const error = await bed.actuators.machine.create({ cluster: noCluster, machine, bootstrapData: { userData } }, bed.context).catch((caught: unknown) => caught);
    expect(InvalidProviderSpecError.isInstance(error)).toBe(true);
    expect((error as InvalidProviderSpecError).fieldPath).toBe('spec.providerSpec.value.additionalLabels.Team');
    expect(bed.emulator.runtime.inspect.callLog.count()).toBe(0);
  });

  it('turns an unknown machine type into InvalidConfiguration', async () => {
    bed = await startGcpTestBed();
    const machine = machineFixture('worker-1', { providerSpec: { ...workerSpec, machineType: 'e9-enormous' } });
    const error = await bed.actuators.machine.create({ cluster: noCluster, machine, bootstrapData: { userData } }, bed.context).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(error) && error.reason).toBe('InvalidConfiguration');
    expect((error as Error).message).toContain("Machine type with name 'e9-enormous' does not exist");
    expect(bed.emulator.runtime.inspect.instances()).toHaveLength(0);
  });

  it('turns a stockout or an exhausted quota into InsufficientResources', async () => {
    bed = await startGcpTestBed();
    bed.emulator.cloud.failInstanceInserts({ code: 'ZONE_RESOURCE_POOL_EXHAUSTED', zone: 'us-central1-a' });
    const stockout = await bed.actuators.machine.create({ cluster: noCluster, machine: machineFixture('worker-1'), bootstrapData: { userData } }, bed.context).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(stockout) && stockout.reason).toBe('InsufficientResources');
    expect((stockout as Error).message).toContain('ZONE_RESOURCE_POOL_EXHAUSTED');
    bed.emulator.runtime.faults.quota({ instance: 0 });
    const quota = await bed.actuators.machine.create({ cluster: noCluster, machine: machineFixture('worker-2'), bootstrapData: { userData } }, bed.context).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(quota) && quota.reason).toBe('InsufficientResources');
    expect((quota as Error).message).toContain('QUOTA_EXCEEDED');
  });

  it('retries through throttling and server errors', async () => {
    bed = await startGcpTestBed({ settings: { retryBaseDelayMs: 50 } });
    bed.emulator.runtime.faults.throttleNext(2, { actions: ['compute.instances.insert'] });
    bed.emulator.runtime.faults.serverErrors({ next: 1, actions: ['compute.zoneOperations.wait'] });
    const result = await bed.actuators.machine.create({ cluster: noCluster, machine: machineFixture('worker-1'), bootstrapData: { userData } }, bed.context);
    expect(result.instanceState).toBe('running');
    expect(bed.emulator.runtime.callLog.countByOutcome('throttled')).toBe(2);
    expect(bed.emulator.runtime.callLog.countByOutcome('server-error')).toBe(1);
    expect(bed.actuators.api.retryCount()).toBe(3);
    // The same story in the contract's statistics: two throttling answers, three retries by code, one insert counted per attempt.
    const statistics = bed.actuators.statistics();
    expect(statistics.throttledAnswers).toBe(2);
    expect(Object.values(statistics.retriesByCode).reduce((total, count) => total + count, 0)).toBe(3);
    expect(statistics.callsByOperation['instances.insert']).toBe(3);
    expect(bed.emulator.runtime.inspect.instances()).toHaveLength(1);
  });
});

describe('GcpMachineActuator.create and long operations', () => {
  it('hands back a TransientError when the operation outlasts its budget, and the next call resumes the same operation', async () => {
    bed = await startGcpTestBed({ emulator: { instanceInsertMilliseconds: 300_000 }, settings: { operationTimeoutMs: 60_000 } });
    const machine = machineFixture('worker-1');
    const first = await bed.actuators.machine.create({ cluster: noCluster, machine, bootstrapData: { userData } }, bed.context).catch((caught: unknown) => caught);
    expect(TransientError.isInstance(first)).toBe(true);
    expect((first as Error).message).toContain('still RUNNING after 60000 ms');
    // One long poll of the API, not a stream of polls.
    expect(bed.emulator.runtime.inspect.callLog.countsByAction()['compute.zoneOperations.wait']).toBe(1);
    await bed.context.clock.sleep(200_000);
    const second = await bed.actuators.machine.create({ cluster: noCluster, machine, bootstrapData: { userData } }, bed.context);
    expect(second.instanceState).toBe('running');
    expect(bed.emulator.runtime.inspect.instances()).toHaveLength(1);
    expect(bed.emulator.runtime.inspect.callLog.countsByAction()['compute.instances.insert']).toBe(2);
  });

  it('stops waiting as soon as the controller aborts', async () => {
    // A slower clock: the 120 s bound below is 2.4 real seconds, ample on a busy machine.
    bed = await startGcpTestBed({ speed: 50, emulator: { instanceInsertMilliseconds: 300_000 } });
    const controller = new AbortController();
    const creating = bed.actuators.machine.create(
      { cluster: noCluster, machine: machineFixture('worker-1'), bootstrapData: { userData } },
      { ...bed.context, signal: controller.signal },
    );
    const startedAt = bed.emulator.runtime.clock.now();
    // Abort once the insert has landed and the actuator sits in the operation's long poll.
    for (let step = 0; step < 200 && bed.emulator.runtime.inspect.callLog.count('compute.zoneOperations.wait') === 0; step += 1) {
      await bed.emulator.runtime.clock.sleep(1_000);
    }
    expect(bed.emulator.runtime.inspect.instances()).toHaveLength(1);
    controller.abort(new Error('controller shutting down'));
    await expect(creating).rejects.toThrow('controller shutting down');
    // Well before the operation (300 s) or the API's long poll (120 s) would have ended.
    expect(bed.emulator.runtime.clock.now() - startedAt).toBeLessThan(120_000);
  });
});

describe('GcpMachineActuator.update', () => {
  it('changes labels in place with the fingerprint it read, and leaves matching labels alone', async () => {
    bed = await startGcpTestBed();
    const machine = machineFixture('worker-1');
    const created = await bed.actuators.machine.create({ cluster: noCluster, machine, bootstrapData: { userData } }, bed.context);
    const before = bed.emulator.runtime.inspect.callLog.countsByAction();
    await bed.actuators.machine.update({ cluster: noCluster, machine }, bed.context);
    expect(callsSince(bed, before)).toEqual({ 'compute.instances.get': 1 });

    const relabelled = machineFixture('worker-1', { providerSpec: { ...workerSpec, additionalLabels: { team: 'storage', tier: 'gold' } } });
    const updated = await bed.actuators.machine.update({ cluster: noCluster, machine: relabelled }, bed.context);
    expect(updated.providerID).toBe(created.providerID);
    const [instance] = bed.emulator.runtime.inspect.instances();
    expect(instance?.tags).toMatchObject({ team: 'storage', tier: 'gold', 'slipway-machine-uid': 'uid-worker-1' });
    expect(bed.emulator.runtime.inspect.instances()).toHaveLength(1);
    expect(bed.emulator.runtime.inspect.callLog.countsByAction()['compute.instances.setLabels']).toBe(1);
  });
});

describe('GcpMachineActuator.exists', () => {
  it('answers many machines of a zone from one filtered listing', async () => {
    bed = await startGcpTestBed();
    const machines = Array.from({ length: 6 }, (_, index) => machineFixture(`worker-${index}`));
    await Promise.all(machines.slice(0, 5).map((machine) => bed!.actuators.machine.create({ cluster: noCluster, machine, bootstrapData: { userData } }, bed!.context)));
    const before = bed.emulator.runtime.inspect.callLog.countsByAction();
    const answers = await Promise.all(machines.map((machine) => bed!.actuators.machine.exists({ cluster: noCluster, machine }, bed!.context)));
    expect(answers.map((answer) => answer.exists)).toEqual([true, true, true, true, true, false]);
    expect(answers[0]?.instanceState).toBe('running');
    expect(callsSince(bed, before)).toEqual({ 'compute.instances.list': 1 });
  });
});

describe('GcpMachineActuator listings', () => {
  it('follows every page of a filtered listing', async () => {
    bed = await startGcpTestBed({ settings: { listPageSize: 2 } });
    const machines = Array.from({ length: 5 }, (_, index) => machineFixture(`worker-${index}`));
    for (const machine of machines) await bed.actuators.machine.create({ cluster: noCluster, machine, bootstrapData: { userData } }, bed.context);
    const before = bed.emulator.runtime.inspect.callLog.countsByAction();
    const answers = await Promise.all(machines.map((machine) => bed!.actuators.machine.exists({ cluster: noCluster, machine }, bed!.context)));
    expect(answers.every((answer) => answer.exists)).toBe(true);
    expect(callsSince(bed, before)).toEqual({ 'compute.instances.list': 3 });
  });
});

describe('GcpMachineActuator.delete', () => {
  it('deletes the instance and verifies its boot disk is gone; again, it is a no-op', async () => {
    bed = await startGcpTestBed();
    const machine = machineFixture('worker-1');
    await bed.actuators.machine.create({ cluster: noCluster, machine, bootstrapData: { userData } }, bed.context);
    expect(bed.emulator.runtime.inspect.resources({ kind: 'disk' })).toHaveLength(1);
    const result = await bed.actuators.machine.delete({ cluster: noCluster, machine }, bed.context);
    expect(result.gone).toBe(true);
    expect(bed.emulator.runtime.inspect.instances()).toHaveLength(0);
    expect(bed.emulator.runtime.inspect.resources({ kind: 'disk' })).toHaveLength(0);
    const counts = bed.emulator.runtime.inspect.callLog.countsByAction();
    expect(counts['compute.disks.get']).toBe(1);
    expect(await bed.actuators.machine.delete({ cluster: noCluster, machine }, bed.context)).toEqual({ gone: true });
    expect((await bed.actuators.machine.exists({ cluster: noCluster, machine }, bed.context)).exists).toBe(false);
  });

  it('leaves alone an instance that has the derived name but another UID', async () => {
    bed = await startGcpTestBed();
    const machine = machineFixture('worker-1');
    await insertDirectly(bed, instanceNameOf(machine), { 'slipway-cluster-name': 'alpha', 'slipway-machine-uid': 'somebody-else' });
    expect(await bed.actuators.machine.delete({ cluster: noCluster, machine }, bed.context)).toEqual({ gone: true });
    expect(bed.emulator.runtime.inspect.instances()).toHaveLength(1);
    expect(bed.emulator.runtime.inspect.callLog.countsByAction()['compute.instances.delete']).toBeUndefined();
  });

  it('deletes nothing for a Machine whose spec could never have been created', async () => {
    bed = await startGcpTestBed();
    const machine = machineFixture('worker-1', { providerSpec: { zone: 'nowhere' } });
    expect(await bed.actuators.machine.delete({ cluster: noCluster, machine }, bed.context)).toEqual({ gone: true });
    expect(bed.emulator.runtime.inspect.callLog.count()).toBe(0);
  });
});

describe('GcpMachineActuator.listOwnedInstances', () => {
  it('lists the instances carrying the cluster label in every zone, and only those', async () => {
    bed = await startGcpTestBed();
    await bed.actuators.machine.create({ cluster: noCluster, machine: machineFixture('worker-a'), bootstrapData: { userData } }, bed.context);
    await bed.actuators.machine.create(
      { cluster: noCluster, machine: machineFixture('worker-b', { providerSpec: { ...workerSpec, zone: 'europe-west1-b' } }), bootstrapData: { userData } },
      bed.context,
    );
    const other = clusterFixture({ name: 'beta', providerSpec: null });
    await bed.actuators.machine.create({ cluster: other, machine: machineFixture('worker-c', { cluster: 'beta' }), bootstrapData: { userData } }, bed.context);
    const owned = await bed.actuators.machine.listOwnedInstances({ cluster: noCluster }, bed.context);
    expect(owned.map((instance) => instance.machineName).sort()).toEqual(['worker-a', 'worker-b']);
    expect(owned.every((instance) => instance.clusterName === 'alpha' && instance.providerID.startsWith('gce://slipway-emulated/'))).toBe(true);
  });
});
