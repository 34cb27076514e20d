import { InvalidProviderSpecError, TerminalError } from '@slipway/core';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterFixture, machineFixture, startPacketTestBed, userData, type PacketTestBed } from '../test-support/packet-test-fixtures.js';

let bed: PacketTestBed;

afterEach(async () => {
  await bed.stop();
  expect(bed.check.violations).toEqual([]);
});

const cluster = clusterFixture(null);

async function postDevice(tags: string[], hostname: string): Promise<string> {
  const answer = await fetch(`${bed.emulator.baseUrl}/projects/${bed.emulator.projectId}/devices`, {
    method: 'POST',
    headers: { 'X-Auth-Token': bed.emulator.token, 'content-type': 'application/json' },
    body: JSON.stringify({ hostname, metro: 'da', plan: 'c3.small.x86', operating_system: 'ubuntu_24_04', tags }),
  });
  return ((await answer.json()) as { id: string }).id;
}

describe('PacketMachineActuator', () => {
  it('creates a device with the spec\'s plan, OS, billing cycle, spot and hardware reservation options, its user data and ownership tags', async () => {
    bed = await startPacketTestBed();
    const machine = machineFixture('web-1', {
      providerSpec: { metro: 'da', plan: 'm3.small.x86', operatingSystem: 'debian_12', billingCycle: 'daily', tags: ['team=platform'], spotInstance: true, spotPriceMax: 0.4, hardwareReservationID: 'next-available' },
    });
    const result = await bed.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, bed.context);
    const [device] = bed.emulator.inspect.instances();
    expect(result.providerID).toBe(`equinixmetal://${device!.id}`);
    expect(device!.attributes).toMatchObject({ hostname: 'web-1', plan: 'm3.small.x86', operatingSystem: 'debian_12', billingCycle: 'daily', spotInstance: true, spotPriceMax: 0.4, metro: 'da' });
    expect(device!.attributes['hardwareReservationId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(device!.attributes['tagList']).toEqual(['slipway-cluster-name=alpha', 'slipway-machine-name=web-1', 'slipway-machine-uid=uid-web-1', 'slipway-role=worker', 'team=platform']);
    expect(Buffer.from(device!.userData!).toString('utf8')).toBe(userData);
  });

  it('maps a 2018 PacketMachineProviderConfig (facility, machineType, OS) and ignores its sshKeys with a warning', async () => {
    bed = await startPacketTestBed();
    const machine = machineFixture('legacy-1', {
      providerSpec: { apiVersion: 'packetprovider/v1alpha1', kind: 'PacketMachineProviderConfig', roles: ['Node'], facility: ['ewr1'], machineType: 't1.small.x86', OS: 'ubuntu_18_04', billingCycle: 'hourly', sshKeys: ['ssh-ed25519 AAAA'] },
    });
    await bed.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, bed.context);
    const [device] = bed.emulator.inspect.instances();
    expect(device!.attributes).toMatchObject({ facility: 'ewr1', metro: 'ny', plan: 't1.small.x86', operatingSystem: 'ubuntu_18_04' });
    expect(bed.context.logger.warnings.join('\n')).toContain('sshKeys');
  });

  it('refuses a spec with neither metro nor facility before any call, naming the field', async () => {
    bed = await startPacketTestBed();
    const machine = machineFixture('web-1', { providerSpec: { plan: 'c3.small.x86', operatingSystem: 'ubuntu_24_04' } });
    const error = await bed.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, bed.context).catch((caught: unknown) => caught);
    expect(InvalidProviderSpecError.isInstance(error) && error.fieldPath).toBe('spec.providerSpec.value.metro');
    expect(bed.emulator.callLog.count()).toBe(0);
  });

  it('when two devices carry one Machine UID, keeps the oldest and deletes the rest', async () => {
    bed = await startPacketTestBed();
    const machine = machineFixture('web-1');
    const tags = ['slipway-cluster-name=alpha', 'slipway-machine-name=web-1', 'slipway-machine-uid=uid-web-1'];
    const oldest = await postDevice(tags, 'web-1');
    await bed.emulator.clock.advance(1_000);
    const newer = await postDevice(tags, 'web-1');
    const result = await bed.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, bed.context);
    expect(result.providerID).toBe(`equinixmetal://${oldest}`);
    expect(bed.emulator.inspect.resource('instance', newer)?.state).toBe('terminating');
    expect(bed.emulator.inspect.instances().filter((device) => device.state !== 'terminating').map((device) => device.id)).toEqual([oldest]);
  });

  it('a device that fails provisioning is a terminal CreateError carrying the API\'s reason', async () => {
    bed = await startPacketTestBed();
    bed.emulator.cloud.failDevices({ reason: 'no server passed burn-in' });
    const machine = machineFixture('web-1');
    const created = await bed.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, bed.context);
    await bed.emulator.clock.advance(60_000);
    const error = await bed.actuators.machine.update({ cluster, machine: { ...machine, spec: { ...machine.spec, providerID: created.providerID } } }, bed.context).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(error) && error.reason).toBe('CreateError');
    expect((error as Error).message).toContain('no server passed burn-in');
  });

  it('exists pages through a cluster\'s devices with one listing for every Machine; states follow the device', async () => {
    bed = await startPacketTestBed({ settings: { listPageSize: 2 } });
    const machines = ['a', 'b', 'c', 'd', 'e'].map((name) => machineFixture(`node-${name}`));
    for (const machine of machines) await bed.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, bed.context);
    await bed.emulator.clock.advance(60_000);
    const before = bed.emulator.callLog.count('findProjectDevices');
    const found = await Promise.all(machines.map((machine) => bed.actuators.machine.exists({ cluster, machine }, bed.context)));
    expect(found.map((entry) => entry.instanceState)).toEqual(['running', 'running', 'running', 'running', 'running']);
    // Five devices at two a page: three pages, once for all five Machines.
    expect(bed.emulator.callLog.count('findProjectDevices') - before).toBe(3);
  });

  it('update changes the device\'s tags in place when the spec\'s tags change', async () => {
    bed = await startPacketTestBed();
    const machine = machineFixture('web-1');
    const created = await bed.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, bed.context);
    const changed = machineFixture('web-1', { providerID: created.providerID, providerSpec: { ...machine.spec.providerSpec.value, tags: ['tier=gold'] } });
    const updated = await bed.actuators.machine.update({ cluster, machine: changed }, bed.context);
    expect(updated.providerID).toBe(created.providerID);
    expect(bed.emulator.inspect.instances()[0]!.tags['tier']).toBe('gold');
  });
});
