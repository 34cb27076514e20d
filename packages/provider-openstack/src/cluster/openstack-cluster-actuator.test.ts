/**
 * The cluster actuator on the emulated OpenStack: a managed network, subnet
 * and router, a security group, a server group and an Octavia load balancer
 * behind a floating IP, made once however often reconcile runs (PENDING_*
 * waited out); control-plane machines join the pool; delete takes it all away
 * once the machines are gone.
 */
import { TransientError } from '@slipway/core';
import { ownershipTagKeys } from '@slipway/provider-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterFixture, machineFixture, startOpenStackTestBed, type OpenStackTestBed } from '../test-support/openstack-test-bed.js';

let bed: OpenStackTestBed | undefined;
afterEach(async () => {
  await bed?.stop();
  bed = undefined;
});

const clusterTags = { [ownershipTagKeys.clusterName]: 'alpha' };

async function reconcileUntilReady(current: OpenStackTestBed, cluster = clusterFixture()) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      return await current.actuators.cluster.reconcile({ cluster }, current.context);
    } catch (error) {
      if (!TransientError.isInstance(error)) throw error;
      await current.emulator.clock.sleep(error.requeueAfterMs ?? 1_000);
    }
  }
  throw new Error('the cluster never became ready');
}

describe('OpenStackClusterActuator', () => {
  it('makes the network, router, security group, server group and an Octavia load balancer behind a floating IP, once', async () => {
    bed = await startOpenStackTestBed();
    const first = await reconcileUntilReady(bed);
    const again = await reconcileUntilReady(bed);
    expect(again.apiEndpoints).toEqual(first.apiEndpoints);
    expect(first.apiEndpoints[0]).toMatchObject({ port: 6443 });
    expect(first.apiEndpoints[0]!.host).toMatch(/^172\.24\.4\.\d+$/);
    const count = (kind: string) => bed!.emulator.inspect.resources({ kind, tags: clusterTags }).length;
    expect([count('network'), count('subnet'), count('router'), count('security-group'), count('load-balancer'), count('listener'), count('pool'), count('floating-ip')]).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    const [listener] = bed.emulator.inspect.resources({ kind: 'listener', tags: clusterTags });
    expect(listener?.attributes).toMatchObject({ protocol: 'TCP', protocol_port: 6443 });
    expect(bed.emulator.inspect.resources({ kind: 'server-group' }).map((group) => group.attributes['policy'])).toEqual(['anti-affinity']);
  });

  it('puts control-plane machines in the pool and the server group, and delete waits for the machines before taking the network', async () => {
    bed = await startOpenStackTestBed();
    const cluster = clusterFixture();
    await reconcileUntilReady(bed, cluster);
    const machine = machineFixture({ name: 'control-plane-0', controlPlane: true, providerSpec: { flavor: 'm1.medium', image: 'ubuntu-24.04' } });
    const created = await bed.actuators.machine.create({ cluster, machine, bootstrapData: { userData: '#cloud-config\n' } }, bed.context);
    const withId = { ...machine, spec: { ...machine.spec, providerID: created.providerID } };
    // The pool is PENDING_UPDATE after each change; the member is retried through Octavia's 409s.
    await bed.emulator.clock.sleep(31_000);
    await bed.actuators.machine.update({ cluster, machine: withId }, bed.context);
    const [member] = bed.emulator.inspect.resources({ kind: 'member' });
    expect(member?.attributes).toMatchObject({ protocol_port: 6443, address: created.addresses.find((address) => address.type === 'InternalIP')?.address });
    const [group] = bed.emulator.inspect.resources({ kind: 'server-group' });
    expect(group?.attributes['members']).toEqual([created.providerID.split('/').pop()]);
    expect(await bed.actuators.cluster.delete({ cluster }, bed.context)).toMatchObject({ gone: false });
    await bed.emulator.clock.sleep(10_000);
    expect((await bed.actuators.cluster.delete({ cluster }, bed.context)).gone).toBe(false);
    await bed.actuators.machine.delete({ cluster, machine: withId }, bed.context);
    let result = await bed.actuators.cluster.delete({ cluster }, bed.context);
    for (let attempt = 0; attempt < 10 && !result.gone; attempt += 1) {
      await bed.emulator.clock.sleep(result.requeueAfterMs ?? 1_000);
      result = await bed.actuators.cluster.delete({ cluster }, bed.context);
    }
    expect(result.gone).toBe(true);
    for (const kind of ['network', 'subnet', 'router', 'security-group', 'load-balancer', 'floating-ip', 'port']) {
      expect(bed.emulator.inspect.resources({ kind, tags: clusterTags })).toEqual([]);
    }
  });
});
