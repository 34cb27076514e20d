import { InvalidProviderSpecError } from '@slipway/core';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterFixture, machineFixture, startPacketTestBed, userData, type PacketTestBed } from '../test-support/packet-test-fixtures.js';

let bed: PacketTestBed;

afterEach(async () => {
  await bed.stop();
  expect(bed.check.violations).toEqual([]);
});

const holderOf = (bed: PacketTestBed): string | undefined => bed.emulator.inspect.resources({ kind: 'ip-assignment' })[0]?.ownerId;

describe('the control plane\'s reserved address', () => {
  it('reconcile reserves one public IPv4 in the cluster\'s metro and answers it as the API endpoint, again and again', async () => {
    bed = await startPacketTestBed();
    const cluster = clusterFixture();
    const first = await bed.actuators.cluster.reconcile({ cluster }, bed.context);
    const second = await bed.actuators.cluster.reconcile({ cluster }, bed.context);
    const reservations = bed.emulator.inspect.resources({ kind: 'ip-reservation' });
    expect(reservations).toHaveLength(1);
    expect(reservations[0]!.attributes).toMatchObject({ metro: 'da', cidr: 32 });
    expect(reservations[0]!.tags).toMatchObject({ 'slipway-cluster-name': 'alpha', 'slipway-role': 'control-plane-endpoint' });
    expect(first.apiEndpoints).toEqual([{ host: reservations[0]!.attributes['network'], port: 6443 }]);
    expect(second.apiEndpoints).toEqual(first.apiEndpoints);
  });

  it('goes to the first control-plane device, stays there, and moves to the next when that device is deleted', async () => {
    bed = await startPacketTestBed();
    const cluster = clusterFixture();
    await bed.actuators.cluster.reconcile({ cluster }, bed.context);
    const first = machineFixture('cp-1', { controlPlane: true });
    const second = machineFixture('cp-2', { controlPlane: true });
    const worker = machineFixture('worker-1');
    const firstResult = await bed.actuators.machine.create({ cluster, machine: first, bootstrapData: { userData } }, bed.context);
    const secondResult = await bed.actuators.machine.create({ cluster, machine: second, bootstrapData: { userData } }, bed.context);
    await bed.actuators.machine.create({ cluster, machine: worker, bootstrapData: { userData } }, bed.context);
    const firstId = firstResult.providerID.split('//')[1];
    const secondId = secondResult.providerID.split('//')[1];
    expect(holderOf(bed)).toBe(firstId);
    await bed.actuators.machine.delete({ cluster, machine: { ...first, spec: { ...first.spec, providerID: firstResult.providerID } } }, bed.context);
    expect(holderOf(bed)).toBeUndefined();
    await bed.actuators.machine.update({ cluster, machine: { ...second, spec: { ...second.spec, providerID: secondResult.providerID } } }, bed.context);
    expect(holderOf(bed)).toBe(secondId);
  });

  it('two control-plane machines created at once: one takes the address, neither fails', async () => {
    bed = await startPacketTestBed();
    const cluster = clusterFixture();
    await bed.actuators.cluster.reconcile({ cluster }, bed.context);
    const results = await Promise.all(
      ['cp-1', 'cp-2'].map((name) => bed.actuators.machine.create({ cluster, machine: machineFixture(name, { controlPlane: true }), bootstrapData: { userData } }, bed.context)),
    );
    expect(bed.emulator.inspect.resources({ kind: 'ip-assignment' })).toHaveLength(1);
    expect(results.map((result) => result.providerID.split('//')[1])).toContain(holderOf(bed));
  });

  it('cluster delete gives the reservation back', async () => {
    bed = await startPacketTestBed();
    const cluster = clusterFixture();
    await bed.actuators.cluster.reconcile({ cluster }, bed.context);
    expect(await bed.actuators.cluster.delete({ cluster }, bed.context)).toEqual({ gone: true });
    expect(bed.emulator.inspect.resources({ kind: 'ip-reservation' })).toEqual([]);
  });

  it('a 2018 PacketClusterProviderConfig with a facility reserves in that facility\'s metro; without a location it names the field to add', async () => {
    bed = await startPacketTestBed();
    await bed.actuators.cluster.reconcile({ cluster: clusterFixture({ apiVersion: 'packetprovider/v1alpha1', kind: 'PacketClusterProviderConfig', facility: 'ams1' }) }, bed.context);
    expect(bed.emulator.inspect.resources({ kind: 'ip-reservation' })[0]!.attributes['metro']).toBe('am');
    const error = await bed.actuators.cluster
      .reconcile({ cluster: clusterFixture({ apiVersion: 'packetprovider/v1alpha1', kind: 'PacketClusterProviderConfig', projectID: bed.emulator.projectId }) }, bed.context)
      .catch((caught: unknown) => caught);
    expect(InvalidProviderSpecError.isInstance(error) && error.fieldPath).toBe('spec.providerSpec.value.metro');
  });

  it('a lost answer to the reservation request leaves one reservation, not two', async () => {
    bed = await startPacketTestBed();
    bed.emulator.faults.loseReplies({ onlyWhenCreating: 'ip-reservation' });
    const cluster = clusterFixture();
    const result = await bed.actuators.cluster.reconcile({ cluster }, bed.context);
    expect(bed.emulator.inspect.resources({ kind: 'ip-reservation' })).toHaveLength(1);
    expect(result.apiEndpoints[0]!.host).toBe(bed.emulator.inspect.resources({ kind: 'ip-reservation' })[0]!.attributes['network']);
  });
});
