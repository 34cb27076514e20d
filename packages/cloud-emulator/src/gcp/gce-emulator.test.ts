import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMachineSimulator } from '../machine/machine-simulator.js';
import { createEmulatorRuntime } from '../runtime/emulator-runtime.js';
import { createGceThrottlingPolicy } from './gce-throttling-policy.js';
import { startGceEmulator, type RunningGceEmulator, type StartGceEmulatorOptions } from './start-gce-emulator.js';

let emulator: RunningGceEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

const requestIds = {
  first: '5d2f0a0e-1c1b-4f4e-9a57-0d6f2b7c9e01',
  second: '5d2f0a0e-1c1b-4f4e-9a57-0d6f2b7c9e02',
  third: '5d2f0a0e-1c1b-4f4e-9a57-0d6f2b7c9e03',
};

async function start(options: StartGceEmulatorOptions = {}) {
  const runtime = createEmulatorRuntime({
    clock: { mode: 'manual', startAt: Date.UTC(2026, 0, 1) },
    throttlingPolicy: createGceThrottlingPolicy(),
    lifecycle: { bootDelayMilliseconds: 30_000, terminationDelayMilliseconds: 20_000 },
  });
  emulator = await startGceEmulator({ runtime, ...options });
  const base = `${emulator.endpoint}/compute/v1/projects/${emulator.project}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const answer = await fetch(`${base}/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: answer.status, body: (await answer.json()) as Record<string, any> };
  };
  return { runtime, emulator, call };
}

const instanceBody = (name: string, labels: Record<string, string> = {}) => ({
  name,
  machineType: 'zones/us-central1-a/machineTypes/e2-medium',
  labels,
  disks: [{ boot: true, autoDelete: true, initializeParams: { sourceImage: 'projects/debian-cloud/global/images/family/debian-12', diskSizeGb: '20' } }],
  networkInterfaces: [{ network: 'global/networks/default', accessConfigs: [{ type: 'ONE_TO_ONE_NAT', name: 'External NAT' }] }],
  metadata: { items: [{ key: 'user-data', value: '#cloud-config\n' }] },
});

describe('Compute Engine emulator', () => {
  it('answers a repeated requestId with the original operation and creates one instance', async () => {
    const { runtime, call } = await start();
    const first = await call('POST', `zones/us-central1-a/instances?requestId=${requestIds.first}`, instanceBody('web-1', { team: 'a' }));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: 'compute#operation', operationType: 'insert', status: 'RUNNING' });
    const again = await call('POST', `zones/us-central1-a/instances?requestId=${requestIds.first}`, instanceBody('web-1', { team: 'a' }));
    expect(again.body['name']).toBe(first.body['name']);
    expect(runtime.inspect.instances({ tags: { team: 'a' } })).toHaveLength(1);
    expect(Buffer.from(runtime.inspect.instances()[0]!.userData!).toString()).toBe('#cloud-config\n');

    const waiting = call('POST', `zones/us-central1-a/operations/${first.body['name']}/wait`);
    await runtime.clock.advance(30_000);
    expect((await waiting).body['status']).toBe('DONE');
    const instance = await call('GET', 'zones/us-central1-a/instances/web-1');
    expect(instance.body).toMatchObject({ status: 'RUNNING', labels: { team: 'a' } });
    expect(instance.body['networkInterfaces'][0].accessConfigs[0].natIP).toMatch(/^34\./);
    expect(runtime.inspect.callLog.countsByAction()).toMatchObject({ 'compute.instances.insert': 2, 'compute.zoneOperations.wait': 1, 'compute.instances.get': 1 });
  });

  it('refuses a second instance of the same name with 409 alreadyExists in Google\'s shape', async () => {
    const { call } = await start();
    await call('POST', `zones/us-central1-a/instances?requestId=${requestIds.first}`, instanceBody('web-1'));
    const conflict = await call('POST', `zones/us-central1-a/instances?requestId=${requestIds.second}`, instanceBody('web-1'));
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({
      error: {
        code: 409,
        message: "The resource 'projects/slipway-emulated/zones/us-central1-a/instances/web-1' already exists",
        errors: [{ message: "The resource 'projects/slipway-emulated/zones/us-central1-a/instances/web-1' already exists", domain: 'global', reason: 'alreadyExists' }],
      },
    });
  });

  it('validates labels, machine types, images and request ids, naming the field and creating nothing', async () => {
    const { runtime, call } = await start();
    const badLabel = await call('POST', 'zones/us-central1-a/instances', instanceBody('web-1', { Team: 'a' }));
    expect(badLabel.status).toBe(400);
    expect(badLabel.body['error'].message).toContain("Invalid value for field 'resource.labels'");
    expect(badLabel.body['error'].errors[0].reason).toBe('invalid');
    const badValue = await call('POST', 'zones/us-central1-a/instances', instanceBody('web-1', { team: 'A B' }));
    expect(badValue.body['error'].message).toContain("Label value 'A B' violates format constraints");
    const badType = await call('POST', 'zones/us-central1-a/instances', { ...instanceBody('web-1'), machineType: 'zones/us-central1-a/machineTypes/e9-huge' });
    expect(badType.body['error'].message).toContain("Machine type with name 'e9-huge' does not exist in zone 'us-central1-a'");
    const badImage = await call('POST', 'zones/us-central1-a/instances', {
      ...instanceBody('web-1'),
      disks: [{ boot: true, initializeParams: { sourceImage: 'projects/debian-cloud/global/images/family/nope' } }],
    });
    expect(badImage.body['error'].message).toContain("'resource.disks[0].initializeParams.sourceImage'");
    const badRequestId = await call('POST', 'zones/us-central1-a/instances?requestId=not-a-uuid', instanceBody('web-1'));
    expect(badRequestId.body['error'].message).toContain("Invalid value for field 'requestId'");
    expect(runtime.inspect.instances()).toHaveLength(0);
  });

  it('changes labels only for a caller quoting the current fingerprint', async () => {
    const { runtime, call } = await start();
    await call('POST', 'zones/us-central1-a/instances', instanceBody('web-1', { team: 'a' }));
    const { labelFingerprint } = (await call('GET', 'zones/us-central1-a/instances/web-1')).body;
    const stale = await call('POST', 'zones/us-central1-a/instances/web-1/setLabels', { labels: { team: 'b' }, labelFingerprint: 'stale' });
    expect(stale.status).toBe(412);
    expect(stale.body['error'].errors[0].reason).toBe('conditionNotMet');
    const changed = await call('POST', 'zones/us-central1-a/instances/web-1/setLabels', { labels: { team: 'b' }, labelFingerprint });
    expect(changed.body).toMatchObject({ kind: 'compute#operation', operationType: 'setLabels' });
    expect(runtime.inspect.instances()[0]?.tags).toEqual({ team: 'b' });
    const after = (await call('GET', 'zones/us-central1-a/instances/web-1')).body['labelFingerprint'];
    expect(after).not.toBe(labelFingerprint);
    const invalid = await call('POST', 'zones/us-central1-a/instances/web-1/setLabels', { labels: { Team: 'c' }, labelFingerprint: after });
    expect(invalid.status).toBe(400);
    expect(runtime.inspect.instances()[0]?.tags).toEqual({ team: 'b' });
  });

  it('filters lists on labels and paginates with tokens tied to the filter', async () => {
    const { runtime, call } = await start();
    for (let index = 0; index < 5; index += 1) {
      await call('POST', 'zones/us-central1-a/instances', instanceBody(`node-${index}`, { cluster: index < 4 ? 'alpha' : 'beta' }));
    }
    const filter = encodeURIComponent('labels.cluster = alpha');
    const first = await call('GET', `zones/us-central1-a/instances?filter=${filter}&maxResults=3`);
    expect(first.body['items'].map((item: { name: string }) => item.name)).toEqual(['node-0', 'node-1', 'node-2']);
    const second = await call('GET', `zones/us-central1-a/instances?filter=${filter}&maxResults=3&pageToken=${first.body['nextPageToken']}`);
    expect(second.body['items'].map((item: { name: string }) => item.name)).toEqual(['node-3']);
    expect(second.body['nextPageToken']).toBeUndefined();
    const mismatched = await call('GET', `zones/us-central1-a/instances?maxResults=3&pageToken=${first.body['nextPageToken']}`);
    expect(mismatched.status).toBe(400);
    const combined = await call('GET', `zones/us-central1-a/instances?filter=${encodeURIComponent('(labels.cluster = beta) OR (name = node-0)')}`);
    expect(combined.body['items'].map((item: { name: string }) => item.name)).toEqual(['node-0', 'node-4']);
    const broken = await call('GET', `zones/us-central1-a/instances?filter=${encodeURIComponent('labels.cluster =')}`);
    expect(broken.body['error'].message).toContain("Invalid value for field 'filter'");
    expect(runtime.inspect.instances()).toHaveLength(5);
  });

  it('hides new instances from lists during the consistency window but not from requestId lookups', async () => {
    const { runtime, call } = await start();
    runtime.faults.eventualConsistency({ invisibleForMilliseconds: 5_000 });
    const created = await call('POST', `zones/us-central1-a/instances?requestId=${requestIds.first}`, instanceBody('web-1'));
    expect((await call('GET', 'zones/us-central1-a/instances/web-1')).status).toBe(404);
    expect((await call('GET', 'zones/us-central1-a/instances')).body['items']).toBeUndefined();
    const repeated = await call('POST', `zones/us-central1-a/instances?requestId=${requestIds.first}`, instanceBody('web-1'));
    expect(repeated.body['name']).toBe(created.body['name']);
    await runtime.clock.advance(5_000);
    expect((await call('GET', 'zones/us-central1-a/instances/web-1')).status).toBe(200);
  });

  it('deletes an instance through an operation that ends when it is gone, with its auto-delete boot disk', async () => {
    const { runtime, call } = await start();
    await call('POST', 'zones/us-central1-a/instances', instanceBody('web-1'));
    expect((await call('GET', 'zones/us-central1-a/disks/web-1')).status).toBe(200);
    const deletion = await call('DELETE', `zones/us-central1-a/instances/web-1?requestId=${requestIds.third}`);
    expect(deletion.body['status']).toBe('RUNNING');
    expect((await call('GET', 'zones/us-central1-a/instances/web-1')).body['status']).toBe('STOPPING');
    const waiting = call('POST', `zones/us-central1-a/operations/${deletion.body['name']}/wait`);
    await runtime.clock.advance(20_000);
    expect((await waiting).body['status']).toBe('DONE');
    expect((await call('GET', 'zones/us-central1-a/instances/web-1')).status).toBe(404);
    expect((await call('GET', 'zones/us-central1-a/disks/web-1')).status).toBe(404);
    const again = await call('DELETE', 'zones/us-central1-a/instances/web-1');
    expect(again.status).toBe(404);
    expect(again.body['error'].errors[0].reason).toBe('notFound');
  });

  it('reports stockouts and exhausted quotas in the insert operation', async () => {
    const { runtime, emulator, call } = await start();
    emulator.cloud.failInstanceInserts({ code: 'ZONE_RESOURCE_POOL_EXHAUSTED', zone: 'us-central1-a' });
    const stockout = await call('POST', 'zones/us-central1-a/instances', instanceBody('web-1'));
    await runtime.clock.advance(5_000);
    const done = await call('GET', `zones/us-central1-a/operations/${stockout.body['name']}`);
    expect(done.body).toMatchObject({ status: 'DONE', httpErrorStatusCode: 503, error: { errors: [{ code: 'ZONE_RESOURCE_POOL_EXHAUSTED' }] } });
    runtime.faults.quota({ instance: 0 });
    const quota = await call('POST', 'zones/us-central1-a/instances', instanceBody('web-2'));
    await runtime.clock.advance(5_000);
    expect((await call('GET', `zones/us-central1-a/operations/${quota.body['name']}`)).body).toMatchObject({ httpErrorStatusCode: 403, error: { errors: [{ code: 'QUOTA_EXCEEDED' }] } });
    expect(runtime.inspect.instances()).toHaveLength(0);
  });

  it('throttles at the published bucket with 403 rateLimitExceeded, or 429 when asked', async () => {
    const { runtime, call } = await start();
    runtime.faults.throttle({ bucket: { capacity: 1, refillPerSecond: 1 } });
    expect((await call('GET', 'zones/us-central1-a/instances')).status).toBe(200);
    const throttled = await call('GET', 'zones/us-central1-a/instances');
    expect(throttled.status).toBe(403);
    expect(throttled.body['error'].errors[0]).toMatchObject({ reason: 'rateLimitExceeded', domain: 'usageLimits' });
    await emulator!.stop();
    const other = await start({ throttlingStatus: 429 });
    other.runtime.faults.throttleNext(1);
    const tooMany = await other.call('GET', 'zones/us-central1-a/instances');
    expect(tooMany.status).toBe(429);
    expect(tooMany.body['error'].status).toBe('RESOURCE_EXHAUSTED');
  });

  it('refuses to delete networking still in use, so deletion must follow dependency order', async () => {
    const { runtime, call } = await start();
    await call('POST', 'global/networks', { name: 'net', autoCreateSubnetworks: false });
    await call('POST', 'regions/us-central1/subnetworks', { name: 'subnet', network: 'global/networks/net', ipCidrRange: '10.0.0.0/24' });
    await call('POST', 'global/firewalls', { name: 'fw', network: 'global/networks/net', allowed: [{ IPProtocol: 'tcp', ports: ['6443'] }], sourceRanges: ['0.0.0.0/0'] });
    await call('POST', 'regions/us-central1/addresses', { name: 'api', labels: { owner: 'me' } });
    const address = (await call('GET', 'regions/us-central1/addresses/api')).body['address'];
    await call('POST', 'regions/us-central1/targetPools', { name: 'pool' });
    const rule = await call('POST', 'regions/us-central1/forwardingRules', { name: 'api', IPAddress: address, IPProtocol: 'TCP', portRange: '6443', target: 'regions/us-central1/targetPools/pool' });
    expect(rule.status).toBe(200);
    const custom = await call('POST', 'zones/us-central1-a/instances', { ...instanceBody('cp-0'), networkInterfaces: [{ network: 'global/networks/net', subnetwork: 'regions/us-central1/subnetworks/subnet' }] });
    expect(custom.status).toBe(200);
    expect((await call('GET', 'zones/us-central1-a/instances/cp-0')).body['networkInterfaces'][0].networkIP).toMatch(/^10\.0\.0\./);
    await call('POST', 'regions/us-central1/targetPools/pool/addInstance', { instances: [{ instance: 'zones/us-central1-a/instances/cp-0' }] });
    await call('POST', 'regions/us-central1/targetPools/pool/addInstance', { instances: [{ instance: 'zones/us-central1-a/instances/cp-0' }] });
    expect((await call('GET', 'regions/us-central1/targetPools/pool')).body['instances']).toHaveLength(1);

    const inUse = await call('DELETE', 'global/networks/net');
    expect(inUse.status).toBe(400);
    expect(inUse.body['error'].errors[0].reason).toBe('resourceInUseByAnotherResource');
    expect((await call('DELETE', 'regions/us-central1/addresses/api')).status).toBe(400);
    expect((await call('DELETE', 'regions/us-central1/targetPools/pool')).status).toBe(400);
    for (const path of ['regions/us-central1/forwardingRules/api', 'regions/us-central1/targetPools/pool', 'regions/us-central1/addresses/api', 'global/firewalls/fw']) {
      expect((await call('DELETE', path)).status).toBe(200);
    }
    await call('DELETE', 'zones/us-central1-a/instances/cp-0');
    expect((await call('DELETE', 'regions/us-central1/subnetworks/subnet')).status).toBe(400);
    await runtime.clock.advance(20_000);
    expect((await call('DELETE', 'regions/us-central1/subnetworks/subnet')).status).toBe(200);
    expect((await call('DELETE', 'global/networks/net')).status).toBe(200);
    expect(runtime.inspect.resources({ kind: 'network' }).map((network) => network.attributes['name'])).toEqual(['default']);
  });

  it('boots the user-data metadata of a new instance in the machine simulator once it runs', async () => {
    const workDirectory = await mkdtemp(join(tmpdir(), 'slipway-gce-boot-'));
    try {
      const runtime = createEmulatorRuntime({
        clock: { mode: 'manual', startAt: Date.UTC(2026, 0, 1) },
        machineSimulator: createMachineSimulator({ workDirectory, timeoutMilliseconds: 20_000 }),
      });
      emulator = await startGceEmulator({ runtime });
      const userData = '#cloud-config\nwrite_files:\n  - path: /etc/slipway/hello\n    content: "from metadata"\nruncmd:\n  - echo booted\n';
      const answer = await fetch(`${emulator.endpoint}/compute/v1/projects/${emulator.project}/zones/us-central1-a/instances`, {
        method: 'POST',
        body: JSON.stringify({ ...instanceBody('web-1'), metadata: { items: [{ key: 'user-data', value: userData }] } }),
      });
      expect(answer.status).toBe(200);
      const [instance] = runtime.inspect.instances();
      await runtime.clock.advance(30_000);
      const boot = await runtime.bootHook!.finished(instance!.id);
      expect(boot.status).toBe('finished');
      expect(boot.result?.exitCode).toBe(0);
      expect(await readFile(join(boot.result!.sandboxDirectory, 'etc', 'slipway', 'hello'), 'utf8')).toBe('from metadata');
    } finally {
      await emulator?.stop();
      emulator = undefined;
      await rm(workDirectory, { recursive: true, force: true });
    }
  });
});
