import { describe, expect, it } from 'vitest';
import { CloudFault } from '../faults/cloud-fault.js';
import { EmulatedConnectionError } from './emulated-connection-error.js';
import { createInMemoryCloud } from './in-memory-cloud.js';

const manualCloud = () =>
  createInMemoryCloud({ clock: { mode: 'manual', startAt: 0 }, lifecycle: { bootDelayMilliseconds: 1_000, terminationDelayMilliseconds: 1_000 } });

const launch = { clientToken: 'token-1', instanceType: 'small', image: 'ubuntu', userData: Buffer.from('#cloud-config\n').toString('base64') };

describe('createInMemoryCloud', () => {
  it('launches an instance with its root volume and network interface, decoded user data in the side door', async () => {
    const cloud = manualCloud();
    const instance = await cloud.client.runInstance({ ...launch, tags: { role: 'worker' }, volumeTags: { role: 'worker' } });
    expect(instance.state).toBe('pending');
    const [stored] = cloud.inspect.instances({ tags: { role: 'worker' } });
    expect(Buffer.from(stored!.userData!).toString()).toBe('#cloud-config\n');
    expect(cloud.inspect.resources({ ownerId: instance.id }).map((resource) => resource.kind).sort()).toEqual(['network-interface', 'volume']);
    expect(cloud.inspect.resources({ kind: 'network-interface' })[0]!.tags).toEqual({});
    await cloud.clock.advance(1_000);
    expect((await cloud.client.describeInstances({ ids: [instance.id] }))[0]!.state).toBe('running');
  });

  it('returns the first instance for a repeated client token and refuses a changed request', async () => {
    const cloud = manualCloud();
    const first = await cloud.client.runInstance(launch);
    const second = await cloud.client.runInstance(launch);
    expect(second.id).toBe(first.id);
    await expect(cloud.client.runInstance({ ...launch, instanceType: 'large' })).rejects.toMatchObject({ code: 'IdempotentParameterMismatch' });
    expect(cloud.inspect.instances()).toHaveLength(1);
  });

  it('turns a lost reply into a dropped connection while the instance exists', async () => {
    const cloud = manualCloud();
    cloud.faults.loseReplies({ onlyWhenCreating: 'instance' });
    const error = await cloud.client.runInstance(launch).catch((caught: unknown) => caught);
    expect(EmulatedConnectionError.isInstance(error)).toBe(true);
    expect(cloud.inspect.instances()).toHaveLength(1);
  });

  it('hides a new instance from describe during the consistency window', async () => {
    const cloud = manualCloud();
    cloud.faults.eventualConsistency({ invisibleForMilliseconds: 3_000 });
    await cloud.client.runInstance({ ...launch, tags: { machine: 'a' } });
    expect(await cloud.client.describeInstances({ tags: { machine: 'a' } })).toEqual([]);
    // A lookup by client token sees what the token created at once.
    expect(await cloud.client.describeInstances({ clientToken: 'token-1' })).toHaveLength(1);
    await cloud.clock.advance(3_000);
    expect(await cloud.client.describeInstances({ tags: { machine: 'a' } })).toHaveLength(1);
  });

  it('terminates with the owned volume and interface, but the address must be released on its own', async () => {
    const cloud = manualCloud();
    const instance = await cloud.client.runInstance(launch);
    const address = await cloud.client.allocateAddress({ clientToken: 'address-1', tags: { machine: 'a' } });
    await cloud.client.associateAddress({ addressId: address.id, instanceId: instance.id });
    expect((await cloud.client.describeInstances({ ids: [instance.id] }))[0]!.publicIp).toBe(address.publicIp);
    await cloud.client.terminateInstance({ id: instance.id });
    await cloud.clock.advance(1_000);
    expect(cloud.inspect.resources({ ownerId: instance.id })).toEqual([]);
    expect(cloud.inspect.resources({ kind: 'address' })).toHaveLength(1);
    await cloud.client.releaseAddress({ id: address.id });
    expect(cloud.inspect.resources({ kind: 'address' })).toEqual([]);
  });

  it('raises CloudFaults for unknown ids and types, and counts calls by action', async () => {
    const cloud = manualCloud();
    await expect(cloud.client.terminateInstance({ id: 'i-nope' })).rejects.toSatisfy(
      (error) => CloudFault.isInstance(error) && error.code === 'InvalidInstanceID.NotFound',
    );
    await expect(cloud.client.runInstance({ ...launch, instanceType: 'huge' })).rejects.toThrow(/choose one of small, medium, large/);
    expect(cloud.callLog.countsByAction()).toEqual({ TerminateInstance: 1, RunInstance: 1 });
  });

  it('refuses a call whose signal is already aborted before it reaches the cloud', async () => {
    const cloud = manualCloud();
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(cloud.client.describeInstances({}, { signal: controller.signal })).rejects.toThrow('gone');
    expect(cloud.callLog.count()).toBe(0);
  });
});
