/**
 * The emulated OpenStack at the wire: Keystone tokens and 401s, Nova's own
 * request schemas applied per microversion, the BUILD → ACTIVE / ERROR
 * lifecycle with the fault, Neutron's in-use 409s, Octavia's immutability
 * while PENDING_*.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulatorRuntime } from '../runtime/emulator-runtime.js';
import { startOpenStackEmulator, type RunningOpenStackEmulator } from './start-openstack-emulator.js';

let emulator: RunningOpenStackEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function start(): Promise<RunningOpenStackEmulator> {
  emulator = await startOpenStackEmulator({
    // A manual clock: states change only when a test moves time, however slow the machine is.
    runtime: createEmulatorRuntime({ clock: { mode: 'manual' }, lifecycle: { bootDelayMilliseconds: 30_000 } }),
  });
  return emulator;
}

async function tokenOf(cloud: RunningOpenStackEmulator): Promise<string> {
  const { credentials } = cloud.cloud;
  const response = await fetch(`${cloud.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: credentials.userName, domain: { id: 'default' }, password: credentials.password } } }, scope: { project: { id: credentials.projectId } } } }),
  });
  expect(response.status).toBe(201);
  return response.headers.get('x-subject-token')!;
}

function call(cloud: RunningOpenStackEmulator, token: string, method: string, url: string, body?: unknown, microversion = '2.79') {
  return fetch(url, {
    method,
    headers: { 'content-type': 'application/json', 'x-auth-token': token, 'openstack-api-version': `compute ${microversion}` },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

const serverBody = (cloud: RunningOpenStackEmulator, extra: Record<string, unknown> = {}) => ({
  server: { name: 'web-1', flavorRef: '2', imageRef: cloud.cloud.images[0]!.id, networks: [{ uuid: cloud.cloud.seedIds.privateNetwork }], ...extra },
});

describe('the emulated OpenStack', () => {
  it('answers 401 in Keystone\'s shape without a valid token', async () => {
    const cloud = await start();
    const response = await fetch(`${cloud.serviceUrls.compute}/servers`, { headers: { 'x-auth-token': 'not-a-token' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } });
  });

  it('checks server bodies against Nova\'s own schema of the requested microversion', async () => {
    const cloud = await start();
    const token = await tokenOf(cloud);
    // Tags at create arrived in 2.52; networks became required in 2.37; no field Nova does not know.
    const tagsTooEarly = await call(cloud, token, 'POST', `${cloud.serviceUrls.compute}/servers`, serverBody(cloud, { tags: ['a'] }), '2.51');
    expect(tagsTooEarly.status).toBe(400);
    expect(JSON.stringify(await tagsTooEarly.json())).toMatch(/'tags' was unexpected.*create_v242/);
    const noNetworks = await call(cloud, token, 'POST', `${cloud.serviceUrls.compute}/servers`, { server: { name: 'web-1', flavorRef: '2', imageRef: cloud.cloud.images[0]!.id } });
    expect(noNetworks.status).toBe(400);
    const unknownField = await call(cloud, token, 'POST', `${cloud.serviceUrls.compute}/servers`, serverBody(cloud, { colour: 'blue' }));
    expect(JSON.stringify(await unknownField.json())).toMatch(/'colour' was unexpected/);
    const badUserData = await call(cloud, token, 'POST', `${cloud.serviceUrls.compute}/servers`, serverBody(cloud, { user_data: 'not base64!' }));
    expect(badUserData.status).toBe(400);
    const accepted = await call(cloud, token, 'POST', `${cloud.serviceUrls.compute}/servers`, serverBody(cloud, { tags: ['a'], user_data: Buffer.from('#!/bin/sh\n').toString('base64') }));
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('openstack-api-version')).toBe('compute 2.79');
  });

  it('moves a server BUILD → ACTIVE, or BUILD → ERROR with the fault when a build fails', async () => {
    const cloud = await start();
    const token = await tokenOf(cloud);
    cloud.cloud.failServerBuilds({ message: 'No valid host was found.' });
    const failing = (await (await call(cloud, token, 'POST', `${cloud.serviceUrls.compute}/servers`, serverBody(cloud))).json()) as { server: { id: string } };
    const working = (await (await call(cloud, token, 'POST', `${cloud.serviceUrls.compute}/servers`, serverBody(cloud))).json()) as { server: { id: string } };
    const statusOf = async (id: string) => (await (await call(cloud, token, 'GET', `${cloud.serviceUrls.compute}/servers/${id}`)).json()) as { server: { status: string; fault?: { message: string } } };
    expect((await statusOf(working.server.id)).server.status).toBe('BUILD');
    await cloud.clock.advance(31_000);
    expect((await statusOf(working.server.id)).server.status).toBe('ACTIVE');
    expect((await statusOf(failing.server.id)).server).toMatchObject({ status: 'ERROR', fault: { message: 'No valid host was found.' } });
  });

  it('refuses to delete a network with ports (409 NetworkInUse) and a load balancer change while PENDING_UPDATE (409)', async () => {
    const cloud = await start();
    const token = await tokenOf(cloud);
    const network = (await (await call(cloud, token, 'POST', `${cloud.serviceUrls.network}/v2.0/networks`, { network: { name: 'n', tags: ['k=v'] } })).json()) as { network: { id: string; tags: string[] } };
    expect(network.network.tags).toEqual(['k=v']);
    const subnet = (await (await call(cloud, token, 'POST', `${cloud.serviceUrls.network}/v2.0/subnets`, { subnet: { network_id: network.network.id, cidr: '10.9.0.0/24', ip_version: 4 } })).json()) as { subnet: { id: string } };
    await call(cloud, token, 'POST', `${cloud.serviceUrls.network}/v2.0/ports`, { port: { network_id: network.network.id } });
    const inUse = await call(cloud, token, 'DELETE', `${cloud.serviceUrls.network}/v2.0/networks/${network.network.id}`);
    expect(inUse.status).toBe(409);
    expect(((await inUse.json()) as { NeutronError: { type: string } }).NeutronError.type).toBe('NetworkInUse');
    const loadBalancer = (await (await call(cloud, token, 'POST', `${cloud.serviceUrls['load-balancer']}/v2/lbaas/loadbalancers`, { loadbalancer: { vip_subnet_id: subnet.subnet.id } })).json()) as { loadbalancer: { id: string; provisioning_status: string } };
    expect(loadBalancer.loadbalancer.provisioning_status).toBe('PENDING_CREATE');
    const early = await call(cloud, token, 'POST', `${cloud.serviceUrls['load-balancer']}/v2/lbaas/listeners`, { listener: { protocol: 'TCP', protocol_port: 6443, loadbalancer_id: loadBalancer.loadbalancer.id } });
    expect(early.status).toBe(409);
    expect(((await early.json()) as { faultstring: string }).faultstring).toMatch(/is immutable and cannot be updated/);
    await cloud.clock.advance(6_000);
    const listener = await call(cloud, token, 'POST', `${cloud.serviceUrls['load-balancer']}/v2/lbaas/listeners`, { listener: { protocol: 'TCP', protocol_port: 6443, loadbalancer_id: loadBalancer.loadbalancer.id } });
    expect(listener.status).toBe(201);
  });
});
