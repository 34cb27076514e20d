/**
 * The core fixture valid/openstack/legacy-provider-config.yaml (2018
 * providerConfig, openstackproviderconfig/v1alpha1) end to end: its manifests
 * validate against this provider's schemas, and its Cluster and Machines are
 * made on an emulated OpenStack (a devstack whose `private` network has the
 * fixture's uuid and which offers its "Ubuntu 18.04" image), with the
 * floating IP it names on the control-plane machine.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseManifests, TransientError, type Machine } from '@slipway/core';
import { defaultOpenStackImages } from '@slipway/cloud-emulator/openstack';
import { afterEach, describe, expect, it } from 'vitest';
import { openStackProviderPlugin } from './openstack-provider-plugin.js';
import { parseMachineProviderSpec } from './parse-openstack-provider-spec.js';
import { startOpenStackTestBed, type OpenStackTestBed } from './test-support/openstack-test-bed.js';

const fixture = readFileSync(fileURLToPath(new URL('../../core/test-fixtures/valid/openstack/legacy-provider-config.yaml', import.meta.url)), 'utf8');

let bed: OpenStackTestBed | undefined;
afterEach(async () => {
  await bed?.stop();
  bed = undefined;
});

describe('the 2018 legacy-provider-config.yaml fixture', () => {
  it('validates against the provider schemas and maps onto OpenStackMachineProviderSpec', () => {
    const parsed = parseManifests(fixture, { source: 'legacy-provider-config.yaml', providers: [openStackProviderPlugin] });
    expect(parsed.issues).toEqual([]);
    const master = parsed.machines[0]!;
    expect(parseMachineProviderSpec(master)).toMatchObject({
      flavor: 'm1.medium',
      image: 'Ubuntu 18.04',
      availabilityZone: 'nova',
      network: '1f5b0c9e-6d2a-4d4b-9a53-5c1d5e2f9a10',
      floatingIp: '172.24.4.11',
      securityGroups: ['default'],
    });
  });

  it('refuses a second network, naming the field', () => {
    const twoNetworks = fixture.replace('        - uuid: 1f5b0c9e-6d2a-4d4b-9a53-5c1d5e2f9a10\n      floatingIP', '        - uuid: 1f5b0c9e-6d2a-4d4b-9a53-5c1d5e2f9a10\n        - uuid: 2f5b0c9e-6d2a-4d4b-9a53-5c1d5e2f9a10\n      floatingIP');
    const parsed = parseManifests(twoNetworks, { source: 'two-networks.yaml', providers: [openStackProviderPlugin] });
    expect(parsed.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([expect.stringMatching(/networks.*one network, not 2/)]);
  });

  it('brings its Cluster and Machines up on an emulated OpenStack, the floating IP on the control plane', async () => {
    bed = await startOpenStackTestBed({
      emulator: { seedIds: { privateNetwork: '1f5b0c9e-6d2a-4d4b-9a53-5c1d5e2f9a10' }, images: [...defaultOpenStackImages, { id: '5b3e1f3c-6a4e-4d0a-9a61-7d1c3b2e1a18', name: 'Ubuntu 18.04' }] },
    });
    const parsed = parseManifests(fixture, { source: 'legacy-provider-config.yaml', providers: [openStackProviderPlugin] });
    const cluster = parsed.clusters[0]!;
    // The floating IP the 2018 manifest names was allocated beforehand, as its users did.
    await fetch(`${bed.emulator.serviceUrls.network}/v2.0/floatingips`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': await tokenOf(bed) },
      body: JSON.stringify({ floatingip: { floating_network_id: bed.emulator.cloud.externalNetworkId, floating_ip_address: '172.24.4.11' } }),
    });
    let reconciled;
    for (let attempt = 0; attempt < 50 && reconciled === undefined; attempt += 1) {
      reconciled = await bed.actuators.cluster.reconcile({ cluster }, bed.context).catch(async (error: unknown) => {
        if (!TransientError.isInstance(error)) throw error;
        await bed!.emulator.clock.sleep(error.requeueAfterMs ?? 1_000);
        return undefined;
      });
    }
    expect(reconciled?.apiEndpoints[0]?.port).toBe(6443);
    const workers: Machine[] = [0, 1].map((index) => ({
      apiVersion: 'cluster.k8s.io/v1alpha1',
      kind: 'Machine',
      metadata: { name: `openstack-nodes-${index}`, namespace: 'default', uid: `00000000-0000-4000-8000-00000000000${index}`, labels: parsed.machineSets[0]!.spec.template.metadata?.labels ?? {} },
      spec: parsed.machineSets[0]!.spec.template.spec,
    }));
    const master = { ...parsed.machines[0]!, metadata: { ...parsed.machines[0]!.metadata, uid: '00000000-0000-4000-8000-00000000000a' } };
    for (const machine of [master, ...workers]) {
      const created = await bed.actuators.machine.create({ cluster, machine, bootstrapData: { userData: '#cloud-config\n' } }, bed.context);
      expect(created.providerID).toMatch(/^openstack:\/\/\//);
    }
    const servers = bed.emulator.inspect.instances();
    expect(servers.map((server) => server.attributes['name']).sort()).toEqual(['openstack-legacy-openstack-master', 'openstack-legacy-openstack-nodes-0', 'openstack-legacy-openstack-nodes-1']);
    const ports = bed.emulator.inspect.resources({ kind: 'port' }).filter((port) => servers.some((server) => server.id === port.attributes['device_id']));
    expect(new Set(ports.map((port) => port.attributes['network_id']))).toEqual(new Set(['1f5b0c9e-6d2a-4d4b-9a53-5c1d5e2f9a10']));
    const floating = bed.emulator.inspect.resources({ kind: 'floating-ip' }).find((address) => address.attributes['floating_ip_address'] === '172.24.4.11');
    const masterServer = servers.find((server) => server.attributes['name'] === 'openstack-legacy-openstack-master')!;
    expect(ports.find((port) => port.id === floating?.attributes['port_id'])?.attributes['device_id']).toBe(masterServer.id);
  });
});

async function tokenOf(current: OpenStackTestBed): Promise<string> {
  const variables = current.emulator.environmentVariables();
  const response = await fetch(`${current.emulator.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: variables['OS_USERNAME'], domain: { name: 'Default' }, password: variables['OS_PASSWORD'] } } }, scope: { project: { name: variables['OS_PROJECT_NAME'], domain: { name: 'Default' } } } } }),
  });
  return response.headers.get('x-subject-token')!;
}
