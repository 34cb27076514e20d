import { afterEach, describe, expect, it } from 'vitest';
import { TerminalError, TransientError, type Machine } from '@slipway/core';
import { createMachineRegistryPort } from '../ports/machine-registry-port.js';
import { createManualClock } from '../runtime/manual-clock.js';
import type { StoredEvent } from '../store/event-recorder.js';
import { clusterType, eventType, machineType } from '../store/object-types.js';
import { clusterObject, machineObject, RecordingBootstrapHook } from '../test-support/fixtures.js';
import { startHarness, type Harness } from '../test-support/harness.js';
import { machineFinalizer } from './finalizers.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function machine(name = 'm1'): Promise<Machine | undefined> {
  return harness?.store.get<Machine>(machineType, 'default', name);
}

async function events(reason?: string): Promise<StoredEvent[]> {
  const { items } = await (harness as Harness).store.list<StoredEvent>(eventType);
  return items.filter((event) => reason === undefined || event.reason === reason);
}

describe('Machine controller', () => {
  it('writes its finalizer before touching the cloud and persists the providerID before any status', async () => {
    const finalizersAtCreate: string[][] = [];
    const history: Array<{ finalizer: boolean; providerID: boolean; phase: string | undefined }> = [];
    harness = await startHarness({
      actuators: (base) => ({
        ...base,
        machine: {
          ...base.machine,
          create: async (request, context) => {
            const stored = await harness?.store.get<Machine>(machineType, 'default', request.machine.metadata.name ?? '');
            finalizersAtCreate.push([...(stored?.metadata.finalizers ?? [])]);
            return base.machine.create(request, context);
          },
        },
      }),
    });
    const { resourceVersion } = await harness.store.list(machineType);
    harness.store.watch<Machine>(machineType, { resourceVersion }, {
      onEvent: ({ object }) =>
        history.push({
          finalizer: (object.metadata.finalizers ?? []).includes(machineFinalizer),
          providerID: object.spec.providerID !== undefined,
          phase: object.status?.phase,
        }),
    });
    await harness.store.create(clusterObject());
    await harness.store.create(machineObject('m1'));
    await harness.eventually(async () => (await machine())?.status?.phase === 'Running', 'the machine runs');
    expect(finalizersAtCreate).toEqual([[machineFinalizer]]);
    const firstWithProviderId = history.findIndex((entry) => entry.providerID);
    // Until the providerID is stored, no status speaks of the instance (Pending only says it waits for its Cluster).
    const beforeInstance = [undefined, 'Pending'];
    expect(history.slice(0, firstWithProviderId).every((entry) => beforeInstance.includes(entry.phase))).toBe(true);
    expect(beforeInstance).toContain(history[firstWithProviderId]?.phase);
    expect(history.slice(firstWithProviderId).every((entry) => entry.providerID && entry.finalizer)).toBe(true);
    const running = await machine();
    expect(running?.spec.providerID).toBe(harness.cloud.liveInstances()[0]?.providerID);
    expect(running?.status?.nodeRef).toEqual({ kind: 'Node', name: 'm1' });
    expect(running?.status?.addresses?.[0]?.type).toBe('InternalIP');
    expect(harness.cloud.calls.create).toBe(1);
  });

  it('adopts the instance a lost status write left behind instead of creating a second one', async () => {
    let launched = '';
    harness = await startHarness({
      beforeStart: async (store, cloud) => {
        await store.create(clusterObject());
        const created = await store.create(machineObject('m1'));
        launched = cloud.launch({ machineUid: created.metadata.uid ?? '', machineName: 'm1', clusterName: 'alpha', userData: '' }).providerID;
      },
    });
    await harness.eventually(async () => (await machine())?.status?.phase === 'Running', 'the machine runs');
    expect(harness.cloud.calls.create).toBe(0);
    expect((await machine())?.spec.providerID).toBe(launched);
    expect(harness.cloud.liveInstances()).toHaveLength(1);
  });

  it('reports Provisioning while the instance boots and Running once it runs', async () => {
    const clock = createManualClock();
    harness = await startHarness({ clock, cloud: { initialState: 'pending' } });
    await harness.store.create(clusterObject());
    await harness.store.create(machineObject('m1'));
    await harness.eventually(async () => (await machine())?.status?.phase === 'Provisioning', 'the machine is provisioning');
    expect((await machine())?.status?.nodeRef).toBeUndefined();
    const instance = harness.cloud.liveInstances()[0];
    harness.cloud.setState(instance?.providerID ?? '', 'running');
    // The controller polls a booting instance every 10 s.
    clock.advance(10_000);
    await harness.eventually(async () => (await machine())?.status?.phase === 'Running', 'the machine runs');
    expect(harness.cloud.calls.create).toBe(1);
  });

  it('records a terminal error, stops retrying, and tries again once the spec changes', async () => {
    harness = await startHarness();
    harness.cloud.failNext('create', new TerminalError('InsufficientResources', 'no capacity for instance type small in zone a'));
    await harness.store.create(clusterObject());
    await harness.store.create(machineObject('m1'));
    await harness.eventually(async () => (await machine())?.status?.errorReason !== undefined, 'the error is recorded');
    const failed = await machine();
    expect(failed?.status).toMatchObject({
      phase: 'Failed',
      errorReason: 'InsufficientResources',
      errorMessage: 'no capacity for instance type small in zone a',
    });
    // More events on the Machine do not bring retries.
    const relabelled = await harness.store.update<Machine>({ ...(failed as Machine), metadata: { ...failed?.metadata, labels: { ...failed?.metadata.labels, touched: 'yes' } } });
    await harness.manager.waitForIdle();
    expect(harness.cloud.calls.create).toBe(1);
    expect((await events('InsufficientResources')).map((event) => event.type)).toEqual(['Warning']);
    await harness.store.update<Machine>({
      ...relabelled,
      spec: { ...relabelled.spec, providerSpec: { value: { instanceType: 'medium' } } },
    });
    await harness.eventually(async () => (await machine())?.status?.phase === 'Running', 'the machine runs');
    expect((await machine())?.status?.errorReason).toBeUndefined();
    expect(harness.cloud.calls.create).toBe(2);
  });

  it('retries transient errors with backoff and reports them as one deduplicated Event', async () => {
    harness = await startHarness();
    for (let attempt = 0; attempt < 3; attempt += 1) harness.cloud.failNext('create', new TransientError('RequestLimitExceeded: slow down'));
    await harness.store.create(clusterObject());
    await harness.store.create(machineObject('m1'));
    await harness.eventually(async () => (await machine())?.status?.phase === 'Running', 'the machine runs');
    const warnings = await events('TransientError');
    expect(warnings.map((event) => [event.type, event.count, event.message])).toEqual([['Warning', 3, 'RequestLimitExceeded: slow down']]);
    expect(harness.cloud.calls.create).toBe(4);
    expect(harness.cloud.liveInstances()).toHaveLength(1);
  });

  it('deletes the instance, calling delete until it is gone, then removes the finalizer', async () => {
    let deleteCalls = 0;
    harness = await startHarness({
      actuators: (base) => ({
        ...base,
        machine: {
          ...base.machine,
          delete: async (request, context) => {
            deleteCalls += 1;
            if (deleteCalls < 3) return { gone: false, requeueAfterMs: 1 };
            return base.machine.delete(request, context);
          },
        },
      }),
    });
    await harness.store.create(clusterObject());
    await harness.store.create(machineObject('m1'));
    await harness.eventually(async () => (await machine())?.status?.phase === 'Running', 'the machine runs');
    await harness.store.delete(machineType, 'default', 'm1');
    await harness.eventually(async () => (await machine()) === undefined, 'the machine is gone');
    expect(deleteCalls).toBe(3);
    expect(harness.cloud.liveInstances()).toHaveLength(0);
  });

  it('never deletes the machine it runs on', async () => {
    harness = await startHarness({ nodeName: 'manager-node' });
    await harness.store.create(clusterObject());
    await harness.store.create(machineObject('manager-node'));
    await harness.eventually(async () => (await machine('manager-node'))?.status?.phase === 'Running', 'the machine runs');
    await harness.store.delete(machineType, 'default', 'manager-node');
    await harness.eventually(async () => (await events('DeleteRefused')).length > 0, 'the refusal is reported');
    expect((await machine('manager-node'))?.metadata.finalizers).toEqual([machineFinalizer]);
    expect(harness.cloud.liveInstances()).toHaveLength(1);
    expect(harness.cloud.calls.delete).toBe(0);
  });

  it('refuses a Machine without a cluster label, naming the label', async () => {
    harness = await startHarness();
    const unlabelled = machineObject('m1');
    unlabelled.metadata.labels = {};
    await harness.store.create(unlabelled);
    await harness.eventually(async () => (await machine())?.status?.errorReason !== undefined, 'the error is recorded');
    expect((await machine())?.status?.errorReason).toBe('InvalidConfiguration');
    expect((await machine())?.status?.errorMessage).toContain('cluster.k8s.io/cluster-name');
    expect(harness.cloud.calls.create).toBe(0);
  });

  it('waits for its Cluster before creating anything', async () => {
    harness = await startHarness();
    await harness.store.create(machineObject('m1'));
    await harness.manager.waitForIdle();
    expect(harness.cloud.calls.create).toBe(0);
    expect((await machine())?.status?.phase).toBe('Pending');
    await harness.store.create(clusterObject());
    await harness.eventually(async () => (await machine())?.status?.phase === 'Running', 'the machine runs');
  });
});

describe('Machine controller with a bootstrap hook', () => {
  it('passes user data, records the token expiry, and runs once the node registers', async () => {
    const hook = new RecordingBootstrapHook('2030-01-01T00:00:00.000Z');
    harness = await startHarness({ bootstrapHook: hook });
    await harness.store.create(clusterObject());
    const created = await harness.store.create(machineObject('m1'));
    await harness.eventually(async () => (await machine())?.status?.phase === 'Provisioned', 'the machine is provisioned');
    expect(hook.pkiRequests).toContain('alpha');
    expect(hook.issued).toEqual(['m1']);
    expect(harness.cloud.liveInstances()[0]?.userData).toContain('join alpha as m1');
    expect((await machine())?.status?.bootstrap?.tokenExpiresAt).toBe('2030-01-01T00:00:00.000Z');
    expect((await machine())?.status?.nodeRef).toBeUndefined();

    const registry = createMachineRegistryPort(harness.store);
    await registry.updateBootstrapStatus(created.metadata.uid ?? '', (status) => ({ ...status, phase: 'NodeRegistered' }));
    await harness.eventually(async () => (await machine())?.status?.phase === 'Running', 'the machine runs');
    expect((await machine())?.status?.nodeRef).toEqual({ kind: 'Node', name: 'm1' });

    await harness.store.delete(machineType, 'default', 'm1');
    await harness.eventually(async () => (await machine()) === undefined, 'the machine is gone');
    expect(hook.deleted).toEqual(['m1']);
  });

  it('fails with JoinClusterTimeout when the node never registers', async () => {
    const clock = createManualClock();
    harness = await startHarness({ clock, bootstrapHook: new RecordingBootstrapHook(), bootstrapTimeoutMs: 60_000 });
    await harness.store.create(clusterObject());
    await harness.store.create(machineObject('m1'));
    await harness.eventually(async () => (await machine())?.status?.phase === 'Provisioned', 'the machine is provisioned');
    clock.advance(59_000);
    await harness.manager.waitForIdle();
    expect((await machine())?.status?.errorReason).toBeUndefined();
    clock.advance(2_000);
    await harness.eventually(async () => (await machine())?.status?.errorReason === 'JoinClusterTimeout', 'the machine times out');
    expect((await machine())?.status?.phase).toBe('Failed');
    expect((await machine())?.status?.errorMessage).toContain('60 s');
    expect(await harness.store.get(clusterType, 'default', 'alpha')).toBeDefined();
  });
});
