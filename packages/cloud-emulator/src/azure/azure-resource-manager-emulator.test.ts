import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAzureResourceManagerEmulator, type AzureResourceManagerEmulator } from './start-azure-resource-manager-emulator.js';
import { azureRequest } from './test-support/azure-https-client.js';

let emulator: AzureResourceManagerEmulator;
const group = () => `/subscriptions/${emulator.subscriptionId}/resourceGroups/rg`;
const network = (path: string) => `${group()}/providers/Microsoft.Network/${path}`;
const compute = (path: string) => `${group()}/providers/Microsoft.Compute/${path}`;

async function settle(milliseconds: number): Promise<void> {
  await emulator.clock.advance(milliseconds);
}

async function networkWithInterface(): Promise<string> {
  await azureRequest(emulator, 'PUT', group(), { location: 'westeurope' });
  await azureRequest(emulator, 'PUT', network('virtualNetworks/vnet'), {
    location: 'westeurope',
    properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] }, subnets: [{ name: 'nodes', properties: { addressPrefix: '10.1.2.0/24' } }] },
  });
  const nic = await azureRequest(emulator, 'PUT', network('networkInterfaces/nic'), {
    location: 'westeurope',
    properties: { ipConfigurations: [{ name: 'primary', properties: { subnet: { id: network('virtualNetworks/vnet/subnets/nodes') } } }] },
  });
  await settle(2_000);
  return String(nic.body?.['id']);
}

function virtualMachine(nicId: string, overrides: Record<string, unknown> = {}) {
  return {
    location: 'westeurope',
    tags: { owner: 'test' },
    properties: {
      hardwareProfile: { vmSize: 'Standard_B2s' },
      storageProfile: {
        imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
        osDisk: { name: 'vm-osdisk', createOption: 'FromImage', deleteOption: 'Delete' },
      },
      osProfile: { computerName: 'vm', adminUsername: 'azureuser', adminPassword: 'Secret-123', customData: Buffer.from('#cloud-config\n').toString('base64') },
      networkProfile: { networkInterfaces: [{ id: nicId, properties: { deleteOption: 'Delete' } }] },
      ...overrides,
    },
  };
}

describe('Azure Resource Manager emulator', () => {
  beforeEach(async () => {
    emulator = await startAzureResourceManagerEmulator({
      clock: { mode: 'manual' },
      lifecycle: { bootDelayMilliseconds: 30_000, terminationDelayMilliseconds: 20_000 },
    });
  });
  afterEach(async () => {
    await emulator.stop();
  });

  it('serves HTTPS only to clients that trust its certificate authority', async () => {
    await expect(azureRequest({ endpoint: emulator.endpoint, certificateAuthority: '' }, 'GET', group())).rejects.toThrow(/certificate/i);
  });

  it('answers ARM error bodies, and requires api-version', async () => {
    const missing = await azureRequest(emulator, 'GET', group());
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'ResourceGroupNotFound', message: "Resource group 'rg' could not be found." } });
    const noVersion = await azureRequest(emulator, 'GET', `${group()}?no-api-version=1`);
    expect(noVersion.status).toBe(400);
    expect((noVersion.body?.['error'] as { code: string }).code).toBe('MissingApiVersionParameter');
  });

  it('creates a VM through a long-running operation that succeeds when it is running', async () => {
    const nicId = await networkWithInterface();
    const created = await azureRequest(emulator, 'PUT', compute('virtualMachines/vm'), virtualMachine(nicId));
    expect(created.status).toBe(201);
    expect((created.body?.['properties'] as { provisioningState: string }).provisioningState).toBe('Creating');
    const statusUrl = String(created.headers['azure-asyncoperation']);
    expect(statusUrl).toMatch(/\/providers\/Microsoft\.Compute\/locations\/westeurope\/operations\//);
    expect((await azureRequest(emulator, 'GET', statusUrl)).body?.['status']).toBe('InProgress');
    await settle(30_000);
    expect((await azureRequest(emulator, 'GET', statusUrl)).body?.['status']).toBe('Succeeded');
    const vm = await azureRequest(emulator, 'GET', `${compute('virtualMachines/vm')}?$expand=instanceView`);
    expect(vm.body?.['properties']).toMatchObject({ provisioningState: 'Succeeded', instanceView: { statuses: [{}, { code: 'PowerState/running' }] } });
    // customData is write-only, as in Azure; the instance holds it decoded.
    expect(JSON.stringify(vm.body)).not.toContain('customData');
    expect(Buffer.from(emulator.inspect.instances()[0]!.userData!).toString()).toBe('#cloud-config\n');
  });

  it('deletes a VM through Location polling and takes its OS disk and interface with it', async () => {
    const nicId = await networkWithInterface();
    await azureRequest(emulator, 'PUT', compute('virtualMachines/vm'), virtualMachine(nicId));
    await settle(30_000);
    const inUse = await azureRequest(emulator, 'DELETE', network('networkInterfaces/nic'));
    expect(inUse.status).toBe(400);
    expect((inUse.body?.['error'] as { code: string }).code).toBe('NicInUse');

    const deleting = await azureRequest(emulator, 'DELETE', compute('virtualMachines/vm'));
    expect(deleting.status).toBe(202);
    // Microsoft.Compute answers a VM delete with Location alone.
    expect(deleting.headers['azure-asyncoperation']).toBeUndefined();
    const location = String(deleting.headers['location']);
    expect((await azureRequest(emulator, 'GET', location)).status).toBe(202);
    await settle(20_000);
    expect((await azureRequest(emulator, 'GET', location)).status).toBe(204);
    expect(emulator.inspect.resources().map((resource) => resource.kind).sort()).toEqual(['resource-group', 'subnet', 'virtual-network']);
    expect((await azureRequest(emulator, 'DELETE', compute('virtualMachines/vm'))).status).toBe(204);
  });

  it.each([
    ['an unavailable size', { hardwareProfile: { vmSize: 'Standard_Huge' } }, 409, 'SkuNotAvailable'],
    ['an unknown image', { storageProfile: { imageReference: { publisher: 'x', offer: 'y', sku: 'z' } } }, 404, 'PlatformImageNotFound'],
    ['customData over 65,535 bytes', { osProfile: { computerName: 'vm', adminUsername: 'slipway', adminPassword: 'p', customData: Buffer.alloc(65_536).toString('base64') } }, 400, 'InvalidParameter'],
    ['no password and no SSH key', { osProfile: { computerName: 'vm', adminUsername: 'slipway' } }, 400, 'InvalidParameter'],
    ['a reserved admin user name', { osProfile: { computerName: 'vm', adminUsername: 'Admin', adminPassword: 'Secret-123' } }, 400, 'InvalidParameter'],
    [
      'an ECDSA ssh key',
      { osProfile: { computerName: 'vm', adminUsername: 'slipway', linuxConfiguration: { ssh: { publicKeys: [{ path: '/home/slipway/.ssh/authorized_keys', keyData: 'ecdsa-sha2-nistp256 AAAAE2VjZHNh me@host' }] } } } },
      400,
      'InvalidParameter',
    ],
  ])('refuses a VM the way Azure does: %s', async (_title, overrides, status, code) => {
    const nicId = await networkWithInterface();
    const refused = await azureRequest(emulator, 'PUT', compute('virtualMachines/vm'), virtualMachine(nicId, overrides));
    expect(refused.status).toBe(status);
    expect((refused.body?.['error'] as { code: string }).code).toBe(code);
    expect(emulator.inspect.instances()).toEqual([]);
  });

  it('repeats the request\'s api-version in its poll URLs, answers a network delete with Azure-AsyncOperation as well, and carries etags', async () => {
    await networkWithInterface();
    const created = await azureRequest(emulator, 'PUT', `${network('publicIPAddresses/ip')}?api-version=2024-05-01`, { location: 'westeurope', properties: { publicIPAllocationMethod: 'Static' } });
    expect(String(created.headers['azure-asyncoperation'])).toMatch(/\/operations\/[^?]+\?api-version=2024-05-01$/);
    const etag = String(created.body?.['etag']);
    expect(etag).toMatch(/^W\/"[0-9a-f-]{36}"$/);
    const tagged = await azureRequest(emulator, 'PATCH', network('publicIPAddresses/ip'), { tags: { team: 'a' } });
    expect(tagged.body?.['etag']).not.toBe(etag);
    expect((await azureRequest(emulator, 'GET', network('publicIPAddresses/ip'))).body?.['etag']).toBe(tagged.body?.['etag']);
    await settle(2_000);
    const deleting = await azureRequest(emulator, 'DELETE', `${network('publicIPAddresses/ip')}?api-version=2024-05-01`);
    expect(deleting.status).toBe(202);
    expect(String(deleting.headers['azure-asyncoperation'])).toMatch(/\/operations\/[^?]+\?api-version=2024-05-01$/);
    expect(String(deleting.headers['location'])).toMatch(/\/operationResults\/[^?]+\?api-version=2024-05-01$/);
    await settle(2_000);
    expect((await azureRequest(emulator, 'GET', String(deleting.headers['azure-asyncoperation']))).body?.['status']).toBe('Succeeded');
  });

  it('pages lists through nextLink and matches paths without regard to case', async () => {
    await networkWithInterface();
    for (let index = 0; index < 3; index += 1) {
      await azureRequest(emulator, 'PUT', network(`publicIPAddresses/ip-${index}`), { location: 'westeurope', properties: { publicIPAllocationMethod: 'Static' } });
    }
    await emulator.stop();
    emulator = await startAzureResourceManagerEmulator({ clock: { mode: 'manual' }, listPageSize: 2 });
    await azureRequest(emulator, 'PUT', `/subscriptions/${emulator.subscriptionId}/resourcegroups/RG`, { location: 'westeurope' });
    for (let index = 0; index < 3; index += 1) {
      await azureRequest(emulator, 'PUT', network(`publicIPAddresses/ip-${index}`), { location: 'westeurope', properties: { publicIPAllocationMethod: 'Static' } });
    }
    const first = await azureRequest(emulator, 'GET', `/SUBSCRIPTIONS/${emulator.subscriptionId}/resourceGroups/rg/providers/microsoft.network/publicipaddresses`);
    expect((first.body?.['value'] as unknown[]).length).toBe(2);
    const second = await azureRequest(emulator, 'GET', String(first.body?.['nextLink']));
    expect((second.body?.['value'] as { name: string }[]).map((item) => item.name)).toEqual(['ip-2']);
    expect(second.body?.['nextLink']).toBeUndefined();
  });

  it('throttles with the published write bucket and says when to come back', async () => {
    await azureRequest(emulator, 'PUT', group(), { location: 'westeurope' });
    emulator.faults.throttle(true);
    const replies = [];
    for (let index = 0; index < 201; index += 1) replies.push(await azureRequest(emulator, 'PUT', group(), { location: 'westeurope' }));
    expect(replies.filter((reply) => reply.status === 429)).toHaveLength(1);
    const throttled = replies.find((reply) => reply.status === 429)!;
    expect((throttled.body?.['error'] as { code: string }).code).toBe('SubscriptionRequestsThrottled');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(0);
    // Reads have their own bucket.
    expect((await azureRequest(emulator, 'GET', group())).status).toBe(200);
  });

  it('deletes a resource group with everything in it', async () => {
    const nicId = await networkWithInterface();
    await azureRequest(emulator, 'PUT', compute('virtualMachines/vm'), virtualMachine(nicId));
    const deleting = await azureRequest(emulator, 'DELETE', group());
    expect(deleting.status).toBe(202);
    await settle(25_000);
    // ResourceGroups_Delete lists 200 and 202 only: the finished operation's Location answers 200.
    expect((await azureRequest(emulator, 'GET', String(deleting.headers['location']))).status).toBe(200);
    expect(emulator.inspect.resources()).toEqual([]);
    // Deleting it again is a 404, as ResourceGroups_Delete lists no 204.
    const again = await azureRequest(emulator, 'DELETE', group());
    expect(again.status).toBe(404);
    expect((again.body?.['error'] as { code: string }).code).toBe('ResourceGroupNotFound');
  });
});
