import { afterEach, describe, expect, it } from 'vitest';
import { TerminalError, type Cluster, type Machine } from '@slipway/core';
import { clusterType, machineType } from '../store/object-types.js';
import { clusterObject, machineObject, RecordingBootstrapHook } from '../test-support/fixtures.js';
import { startHarness, type Harness } from '../test-support/harness.js';
import { clusterFinalizer } from './finalizers.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function cluster(): Promise<Cluster | undefined> {
  return harness?.store.get<Cluster>(clusterType, 'default', 'alpha');
}

describe('Cluster controller', () => {
  it('adds its finalizer, ensures PKI, reconciles the infrastructure and records the endpoints', async () => {
    const hook = new RecordingBootstrapHook();
    harness = await startHarness({ bootstrapHook: hook });
    await harness.store.create(clusterObject());
    await harness.eventually(async () => (await cluster())?.status?.infrastructureReady === true, 'the infrastructure is ready');
    const reconciled = await cluster();
    expect(reconciled?.metadata.finalizers).toEqual([clusterFinalizer]);
    expect(reconciled?.status?.apiEndpoints).toEqual([{ host: 'alpha.api.internal', port: 6443 }]);
    expect(reconciled?.status?.providerStatus).toEqual({ network: 'net-alpha' });
    expect(reconciled?.status?.controlPlaneReady).toBe(false);
    expect(hook.pkiRequests[0]).toBe('alpha');
    expect(harness.cloud.clusters.has('alpha')).toBe(true);
  });

  it('reports the control plane ready once a control-plane Machine has a node', async () => {
    harness = await startHarness();
    await harness.store.create(clusterObject());
    const controlPlane = machineObject('master-0');
    controlPlane.spec.versions.controlPlane = '1.13.2';
    await harness.store.create(controlPlane);
    await harness.eventually(async () => (await cluster())?.status?.controlPlaneReady === true, 'the control plane is ready');
  });

  it('on delete, waits for every Machine of the cluster, then deletes the infrastructure, then the finalizer', async () => {
    harness = await startHarness();
    await harness.store.create(clusterObject());
    await harness.store.create(machineObject('m1'));
    await harness.store.create(machineObject('elsewhere', 'beta'));
    await harness.eventually(
      async () => (await harness?.store.get<Machine>(machineType, 'default', 'm1'))?.status?.phase === 'Running',
      'the machine runs',
    );
    await harness.store.delete(clusterType, 'default', 'alpha');
    await harness.manager.waitForIdle();
    expect((await cluster())?.metadata.deletionTimestamp).toBeDefined();
    expect(harness.cloud.calls.clusterDelete).toBe(0);
    expect(harness.cloud.clusters.has('alpha')).toBe(true);
    await harness.store.delete(machineType, 'default', 'm1');
    await harness.eventually(async () => (await cluster()) === undefined, 'the cluster is gone');
    expect(harness.cloud.calls.clusterDelete).toBe(1);
    expect(harness.cloud.clusters.has('alpha')).toBe(false);
    expect(harness.cloud.liveInstances()).toHaveLength(0);
  });

  it('records a terminal error on the Cluster and does not retry it', async () => {
    harness = await startHarness();
    harness.cloud.failNext('clusterReconcile', new TerminalError('InvalidConfiguration', 'spec.providerSpec.value.region: unknown region "test-1"'));
    await harness.store.create(clusterObject());
    await harness.eventually(async () => (await cluster())?.status?.errorReason !== undefined, 'the error is recorded');
    expect((await cluster())?.status?.errorMessage).toContain('spec.providerSpec.value.region');
    await harness.manager.waitForIdle();
    expect(harness.cloud.calls.clusterReconcile).toBe(1);
  });
});
