import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMachineSimulator } from '../machine/machine-simulator.js';
import { createEmulatorRuntime, type EmulatorRuntime } from '../runtime/emulator-runtime.js';
import { createMetalOpenApiCheck, type MetalOpenApiCheck } from './metal-openapi-check.js';
import { startMetalEmulator, type RunningMetalEmulator } from './start-metal-emulator.js';

let emulator: RunningMetalEmulator | undefined;
let check: MetalOpenApiCheck;
let runtime: EmulatorRuntime;

async function start(options: { runtime?: EmulatorRuntime } = {}): Promise<RunningMetalEmulator> {
  runtime = options.runtime ?? createEmulatorRuntime({ clock: { mode: 'manual', startAt: Date.UTC(2026, 0, 1) }, lifecycle: { bootDelayMilliseconds: 60_000, terminationDelayMilliseconds: 20_000 } });
  emulator = await startMetalEmulator({ runtime, observe: check.observe });
  return emulator;
}

async function call(method: string, path: string, body?: unknown, token: string | null = emulator!.token): Promise<{ status: number; body: any; headers: Headers }> {
  const answer = await fetch(`${emulator!.baseUrl}${path}`, {
    method,
    headers: { ...(token !== null ? { 'X-Auth-Token': token } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await answer.text();
  return { status: answer.status, body: text === '' ? undefined : JSON.parse(text), headers: answer.headers };
}

const deviceBody = (hostname: string, extra: Record<string, unknown> = {}) => ({
  hostname,
  metro: 'da',
  plan: 'c3.small.x86',
  operating_system: 'ubuntu_24_04',
  billing_cycle: 'hourly',
  tags: ['slipway-cluster-name=alpha', `slipway-machine-name=${hostname}`],
  userdata: '#cloud-config\nruncmd:\n  - echo hi\n',
  ...extra,
});

// The first check compiles the description's schemas (seconds on a busy machine); later ones reuse it.
beforeAll(async () => {
  await createMetalOpenApiCheck();
}, 60_000);

beforeEach(async () => {
  check = await createMetalOpenApiCheck();
});

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
  // Every request and every answer of the test agreed with the Metal API's OpenAPI description.
  expect(check.violations).toEqual([]);
});

describe('the Metal API v1 emulator', () => {
  it('creates a device in a metro: queued, then provisioning, then active; the side door sees its tags and user data', async () => {
    await start();
    const created = await call('POST', `/projects/${emulator!.projectId}/devices`, deviceBody('web-1'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ hostname: 'web-1', state: 'queued', billing_cycle: 'hourly', metro: { code: 'da' }, plan: { slug: 'c3.small.x86' } });
    await runtime.clock.advance(20_000);
    expect((await call('GET', `/devices/${created.body.id}`)).body.state).toBe('provisioning');
    await runtime.clock.advance(40_000);
    expect((await call('GET', `/devices/${created.body.id}`)).body.state).toBe('active');
    const [instance] = emulator!.inspect.instances();
    expect(instance!.tags).toEqual({ 'slipway-cluster-name': 'alpha', 'slipway-machine-name': 'web-1' });
    expect(Buffer.from(instance!.userData!).toString('utf8')).toBe('#cloud-config\nruncmd:\n  - echo hi\n');
    expect(check.checkedOperations()).toEqual({ createDevice: 1, findDeviceById: 2 });
  });

  it('places a 2018 request by facility in the facility\'s metro, with spot and hardware reservation options', async () => {
    await start();
    const created = await call(
      'POST',
      `/projects/${emulator!.projectId}/devices`,
      { ...deviceBody('legacy-1'), metro: undefined, facility: ['nope1', 'ewr1'], spot_instance: true, spot_price_max: 0.5, hardware_reservation_id: 'next-available' },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ metro: { code: 'ny' }, facility: { code: 'ewr1' }, spot_instance: true, spot_price_max: 0.5 });
  });

  it('refuses bad input with a 422 naming the field, and a missing token with a 401', async () => {
    await start();
    const badPlan = await call('POST', `/projects/${emulator!.projectId}/devices`, deviceBody('web-1', { plan: 'x9.huge' }));
    expect(badPlan).toMatchObject({ status: 422, body: { errors: ['plan x9.huge is not a valid plan'] } });
    const spotWithoutPrice = await call('POST', `/projects/${emulator!.projectId}/devices`, deviceBody('web-1', { spot_instance: true }));
    expect(spotWithoutPrice.status).toBe(422);
    expect(spotWithoutPrice.body.errors[0]).toContain('spot_price_max');
    expect((await call('GET', `/projects/${emulator!.projectId}/devices`, undefined, 'wrong')).status).toBe(401);
    expect(emulator!.inspect.instances()).toEqual([]);
  });

  it('lists a project\'s devices by tag, page by page, with the meta block', async () => {
    await start();
    for (let index = 0; index < 5; index += 1) {
      await call('POST', `/projects/${emulator!.projectId}/devices`, deviceBody(`node-${index}`, { tags: ['slipway-cluster-name=alpha', `n=${index % 2}`] }));
    }
    const first = await call('GET', `/projects/${emulator!.projectId}/devices?tag=n%3D0&per_page=2&page=1`);
    expect(first.body.devices.map((device: { hostname: string }) => device.hostname)).toEqual(['node-0', 'node-2']);
    expect(first.body.meta).toMatchObject({ current_page: 1, last_page: 2, total: 3 });
    expect(first.body.meta.next.href).toContain('page=2');
    const second = await call('GET', `/projects/${emulator!.projectId}/devices?tag=n%3D0&per_page=2&page=2`);
    expect(second.body.devices.map((device: { hostname: string }) => device.hostname)).toEqual(['node-4']);
    expect(second.body.meta.next).toBeUndefined();
  });

  it('ends a device that fails provisioning in `failed`, with the reason in its provisioning events', async () => {
    await start();
    emulator!.cloud.failDevices({ reason: 'no hardware passed burn-in' });
    const created = await call('POST', `/projects/${emulator!.projectId}/devices`, deviceBody('web-1'));
    await runtime.clock.advance(60_000);
    const device = await call('GET', `/devices/${created.body.id}`);
    expect(device.body.state).toBe('failed');
    expect(device.body.provisioning_events[0].body).toBe('no hardware passed burn-in');
  });

  it('deletes with force_delete: deprovisioning, then gone (404)', async () => {
    await start();
    const created = await call('POST', `/projects/${emulator!.projectId}/devices`, deviceBody('web-1'));
    expect((await call('DELETE', `/devices/${created.body.id}?force_delete=true`)).status).toBe(204);
    expect((await call('GET', `/devices/${created.body.id}`)).body.state).toBe('deprovisioning');
    await runtime.clock.advance(20_000);
    expect((await call('GET', `/devices/${created.body.id}`)).status).toBe(404);
    expect((await call('DELETE', `/devices/${created.body.id}?force_delete=true`)).status).toBe(404);
  });

  it('reserves a public IPv4 and moves its assignment from a deleted device to the next', async () => {
    await start();
    const reservation = await call('POST', `/projects/${emulator!.projectId}/ips`, { type: 'public_ipv4', quantity: 1, metro: 'da', tags: ['slipway-cluster-name=alpha'] });
    expect(reservation.status).toBe(201);
    expect(reservation.body).toMatchObject({ type: 'public_ipv4', cidr: 32, metro: { code: 'da' }, assignments: [] });
    const address = `${reservation.body.address}/32`;
    const first = await call('POST', `/projects/${emulator!.projectId}/devices`, deviceBody('cp-1'));
    const second = await call('POST', `/projects/${emulator!.projectId}/devices`, deviceBody('cp-2'));
    expect((await call('POST', `/devices/${first.body.id}/ips`, { address })).status).toBe(201);
    const taken = await call('POST', `/devices/${second.body.id}/ips`, { address });
    expect(taken.status).toBe(422);
    expect((await call('GET', `/devices/${first.body.id}`)).body.ip_addresses.map((entry: { address: string }) => entry.address)).toContain(reservation.body.address);
    await call('DELETE', `/devices/${first.body.id}`);
    await runtime.clock.advance(20_000);
    expect((await call('POST', `/devices/${second.body.id}/ips`, { address })).status).toBe(201);
    const listed = await call('GET', `/projects/${emulator!.projectId}/ips?types=public_ipv4`);
    expect(listed.body.ip_addresses[0].assignments[0].assigned_to.href).toBe(`/metal/v1/devices/${second.body.id}`);
    expect((await call('DELETE', `/ips/${listed.body.ip_addresses[0].assignments[0].id}`)).status).toBe(204);
    expect((await call('GET', `/devices/${second.body.id}/ips`)).body.ip_addresses).toHaveLength(1);
    expect((await call('POST', `/devices/${second.body.id}/ips`, { address })).status).toBe(201);
    expect((await call('DELETE', `/ips/${reservation.body.id}`)).status).toBe(204);
    expect(emulator!.inspect.resources({ kind: 'ip-assignment' })).toEqual([]);
  });

  it('answers injected throttling with 429 and Retry-After, and 5xx in the API\'s error shape', async () => {
    await start();
    emulator!.faults.throttleNext(1);
    const throttled = await call('GET', `/projects/${emulator!.projectId}/devices`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(throttled.body.errors[0]).toContain('Request limit exceeded');
    emulator!.faults.serverErrors({ next: 1 });
    expect((await call('GET', `/projects/${emulator!.projectId}/devices`)).status).toBe(503);
    emulator!.faults.quota({ instance: 0 });
    const noCapacity = await call('POST', `/projects/${emulator!.projectId}/devices`, deviceBody('web-1'));
    expect(noCapacity.status).toBe(422);
    expect(noCapacity.body.errors[0]).toContain('no provisionable servers');
  });

  it('serves the metros, facilities, plans and operating systems it accepts', async () => {
    await start();
    expect((await call('GET', '/locations/metros')).body.metros.map((metro: { code: string }) => metro.code)).toContain('da');
    expect((await call('GET', '/facilities')).body.facilities.map((facility: { code: string }) => facility.code)).toContain('ewr1');
    expect((await call('GET', '/plans')).body.plans.map((plan: { slug: string }) => plan.slug)).toContain('c3.small.x86');
    expect((await call('GET', '/operating-systems')).body.operating_systems.map((system: { slug: string }) => system.slug)).toContain('ubuntu_24_04');
    expect((await call('GET', `/projects/${emulator!.projectId}`)).body.id).toBe(emulator!.projectId);
  });

  it('boots the user data of an active device in the machine simulator', async () => {
    const workDirectory = await mkdtemp(join(tmpdir(), 'slipway-metal-boot-'));
    try {
      await start({
        runtime: createEmulatorRuntime({
          clock: { mode: 'manual', startAt: Date.UTC(2026, 0, 1) },
          machineSimulator: createMachineSimulator({ workDirectory, timeoutMilliseconds: 20_000 }),
        }),
      });
      const userdata = '#cloud-config\nwrite_files:\n  - path: /etc/slipway/hello\n    content: "from userdata"\n';
      await call('POST', `/projects/${emulator!.projectId}/devices`, deviceBody('web-1', { userdata }));
      const [device] = runtime.inspect.instances();
      await runtime.clock.advance(30_000);
      const boot = await runtime.bootHook!.finished(device!.id);
      expect(boot.result?.exitCode).toBe(0);
      expect(await readFile(join(boot.result!.sandboxDirectory, 'etc', 'slipway', 'hello'), 'utf8')).toBe('from userdata');
    } finally {
      await emulator?.stop();
      emulator = undefined;
      await rm(workDirectory, { recursive: true, force: true });
    }
  });

  it('the OpenAPI check itself catches an answer that breaks the description', async () => {
    const own = await createMetalOpenApiCheck();
    await start();
    const request = { method: 'GET', url: new URL(`${emulator!.baseUrl}/devices/00000000-0000-4000-8000-000000000000`), path: '/metal/v1/devices/00000000-0000-4000-8000-000000000000', headers: { 'x-auth-token': 't' }, body: Buffer.alloc(0), text: () => '', json: () => undefined, form: () => new URLSearchParams() };
    own.observe({ operationId: 'findDeviceById', request, reply: { status: 200, body: { id: '00000000-0000-4000-8000-000000000000', state: 'sleeping' } } });
    own.observe({ operationId: 'findDeviceById', request, reply: { status: 418, body: { errors: ['teapot'] } } });
    expect(own.violations).toHaveLength(2);
    expect(own.violations[0]).toContain('state');
    expect(own.violations[1]).toContain('status 418 is not documented');
  });
});
