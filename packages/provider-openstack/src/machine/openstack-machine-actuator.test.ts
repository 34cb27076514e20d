/**
 * The machine actuator on the emulated OpenStack, for what the conformance kit
 * does not pin: user data over Nova's limit refused before any call, a server in
 * ERROR as a terminal error with Nova's fault text, the oldest of duplicate
 * servers kept, rate answers (429 and overLimit) retried with Retry-After, the
 * compute microversion header, names resolved once for a burst.
 */
import { TerminalError } from '@slipway/core';
import { ownershipTagKeys } from '@slipway/provider-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterFixture, machineFixture, startOpenStackTestBed, type OpenStackTestBed } from '../test-support/openstack-test-bed.js';
import { createOpenStackActuator } from '../create-openstack-actuator.js';
import { serverIdOf } from './openstack-provider-id.js';

let bed: OpenStackTestBed | undefined;
afterEach(async () => {
  await bed?.stop();
  bed = undefined;
});

const userData = '#cloud-config\nruncmd: [echo hello]\n';

describe('OpenStackMachineActuator', () => {
  it('refuses user data over 65,535 base64 characters before any call', async () => {
    bed = await startOpenStackTestBed();
    const machine = machineFixture();
    // 49,150 bytes take 65,536 base64 characters: one over.
    const error = await bed.actuators.machine.create({ cluster: clusterFixture(), machine, bootstrapData: { userData: 'x'.repeat(49_150) } }, bed.context).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(error) && error.reason).toBe('InvalidConfiguration');
    expect((error as Error).message).toMatch(/65536 in base64; Nova accepts at most 65535/);
    expect(bed.emulator.callLog.count()).toBe(0);
    // One byte less takes 65,532 and fits.
    const fits = await bed.actuators.machine.create({ cluster: clusterFixture(), machine, bootstrapData: { userData: 'x'.repeat(49_149) } }, bed.context);
    expect(bed.emulator.inspect.resource('instance', serverIdOf(fits.providerID)!)?.userData?.length).toBe(49_149);
  });

  it('creates a tagged server on a tagged port with the microversion header, and reports a build failure with Nova\'s fault text', async () => {
    bed = await startOpenStackTestBed();
    const machine = machineFixture();
    const cluster = clusterFixture();
    bed.emulator.cloud.failServerBuilds({ message: 'No valid host was found. There are not enough hosts available.' });
    const created = await bed.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, bed.context);
    const server = bed.emulator.inspect.resource('instance', serverIdOf(created.providerID)!)!;
    // Nova takes `tags` at create from microversion 2.52: they are there, so the header was sent.
    expect(server.tags).toMatchObject({ [ownershipTagKeys.clusterName]: 'alpha', [ownershipTagKeys.machineName]: 'worker-1', [ownershipTagKeys.machineUid]: machine.metadata.uid });
    expect(server.attributes['serverTags']).toEqual([`slipway-cluster-name=alpha`, `slipway-machine-uid=${machine.metadata.uid}`]);
    const [port] = bed.emulator.inspect.resources({ kind: 'port', tags: { [ownershipTagKeys.machineUid]: machine.metadata.uid! } });
    expect(port?.attributes['device_id']).toBe(server.id);
    await bed.emulator.clock.sleep(31_000);
    const error = await bed.actuators.machine.update({ cluster, machine: { ...machine, spec: { ...machine.spec, providerID: created.providerID } } }, bed.context).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(error) && error.reason).toBe('CreateError');
    expect((error as Error).message).toContain('No valid host was found. There are not enough hosts available.');
  });

  it('keeps the oldest of two servers of one Machine and deletes the other', async () => {
    bed = await startOpenStackTestBed();
    const cluster = clusterFixture();
    const machine = machineFixture();
    const first = await bed.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, bed.context);
    // A second controller (another process, no shared memory) lost the race's reply and made another.
    await bed.emulator.clock.sleep(1_000);
    const firstPort = bed.emulator.inspect.resources({ kind: 'port' }).find((port) => port.attributes['device_id'] === serverIdOf(first.providerID));
    const reply = await fetch(`${bed.emulator.serviceUrls.compute}/servers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': await tokenOf(bed), 'openstack-api-version': 'compute 2.79' },
      body: JSON.stringify({ server: { name: 'alpha-worker-1', flavorRef: '2', imageRef: bed.emulator.cloud.images[0]!.id, networks: [{ uuid: bed.emulator.cloud.seedIds.privateNetwork }], metadata: { [ownershipTagKeys.machineUid]: machine.metadata.uid!, [ownershipTagKeys.clusterName]: 'alpha' }, tags: ['slipway-cluster-name=alpha', `slipway-machine-uid=${machine.metadata.uid}`] } }),
    });
    expect(reply.status).toBe(202);
    expect(firstPort).toBeDefined();
    expect(bed.emulator.inspect.instances({ tags: { [ownershipTagKeys.machineUid]: machine.metadata.uid! } })).toHaveLength(2);
    // A controller without the Machine's providerID (its status write was lost) calls create again.
    const fresh = createOpenStackActuator({ environment: bed.emulator.environmentVariables(), clock: bed.emulator.clock });
    const again = await fresh.machine.create({ cluster, machine, bootstrapData: { userData } }, bed.context);
    await fresh.close();
    expect(again.providerID).toBe(first.providerID);
    const live = bed.emulator.inspect.instances({ tags: { [ownershipTagKeys.machineUid]: machine.metadata.uid! } }).filter((instance) => instance.state !== 'terminating');
    expect(live.map((instance) => instance.id)).toEqual([serverIdOf(first.providerID)]);
  });

  it('retries 429 and overLimit answers after the Retry-After they name, and counts them', async () => {
    bed = await startOpenStackTestBed();
    bed.emulator.faults.throttleNext(3, { actions: ['compute.servers.create'] });
    const machine = machineFixture();
    const created = await bed.actuators.machine.create({ cluster: clusterFixture(), machine, bootstrapData: { userData } }, bed.context);
    expect(created.providerID).toMatch(/^openstack:\/\/\/[0-9a-f-]{36}$/);
    expect(bed.emulator.callLog.countByOutcome('throttled')).toBe(3);
    const statistics = bed.actuators.statistics();
    expect(statistics.throttledAnswers).toBe(3);
    expect(statistics.retriesByCode).toEqual({ overLimit: 3 });
    expect(statistics.callsByOperation['compute.servers.create']).toBe(4);
    expect(bed.emulator.inspect.instances({ tags: { [ownershipTagKeys.machineUid]: machine.metadata.uid! } })).toHaveLength(1);
  });

  it('a quota answer is a terminal InsufficientResources and leaves no port behind', async () => {
    bed = await startOpenStackTestBed();
    bed.emulator.faults.quota({ instance: 0 });
    const machine = machineFixture();
    const error = await bed.actuators.machine.create({ cluster: clusterFixture(), machine, bootstrapData: { userData } }, bed.context).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(error) && error.reason).toBe('InsufficientResources');
    expect((error as Error).message).toMatch(/Quota exceeded for instances/);
    expect(bed.emulator.inspect.resources({ kind: 'port', tags: { [ownershipTagKeys.machineUid]: machine.metadata.uid! } })).toEqual([]);
  });

  it('looks a flavor, an image and a network up once for a burst of machines', async () => {
    bed = await startOpenStackTestBed();
    const cluster = clusterFixture();
    await Promise.all(Array.from({ length: 5 }, (_, index) => bed!.actuators.machine.create({ cluster, machine: machineFixture({ name: `worker-${index}` }), bootstrapData: { userData } }, bed!.context)));
    const calls = bed.emulator.callLog.countsByAction();
    expect([calls['compute.flavors.list'], calls['image.images.list'], calls['network.networks.list'], calls['identity.tokens.create']]).toEqual([1, 1, 1, 1]);
    expect(calls['compute.servers.create']).toBe(5);
  });

  it('names the flavor field and what the cloud offers when a flavor does not exist', async () => {
    bed = await startOpenStackTestBed();
    const machine = machineFixture({ providerSpec: { flavor: 'm9.huge', image: 'ubuntu-24.04', network: 'private' } });
    const error = await bed.actuators.machine.create({ cluster: clusterFixture(), machine, bootstrapData: { userData } }, bed.context).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(error) && error.reason).toBe('InvalidConfiguration');
    expect((error as Error).message).toMatch(/spec\.providerSpec\.value\.flavor: no flavor "m9\.huge".*m1\.small/);
  });
});

async function tokenOf(bed: OpenStackTestBed): Promise<string> {
  const variables = bed.emulator.environmentVariables();
  const response = await fetch(`${bed.emulator.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: variables['OS_USERNAME'], domain: { name: 'Default' }, password: variables['OS_PASSWORD'] } } }, scope: { project: { name: variables['OS_PROJECT_NAME'], domain: { name: 'Default' } } } } }),
  });
  return response.headers.get('x-subject-token')!;
}
