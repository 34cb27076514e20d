import { InvalidProviderSpecError, TerminalError } from '@slipway/core';
import { afterEach, describe, expect, it } from 'vitest';
import { gcpClusterProviderStatusSchema } from './gcp-provider-status.js';
import { clusterResourceNamesOf, instanceNameOf } from './gcp-resource-names.js';
import { callsSince, clusterFixture, machineFixture, startGcpTestBed, userData, workerSpec, type GcpTestBed } from '../test-support/gcp-test-fixtures.js';

let bed: GcpTestBed | undefined;
afterEach(async () => {
  await bed?.stop();
  bed = undefined;
});

const kinds = ['network', 'subnetwork', 'firewall', 'address', 'target-pool', 'forwarding-rule'] as const;

function namesByKind(testBed: GcpTestBed): Record<string, string[]> {
  return Object.fromEntries(
    kinds.map((kind) => [kind, testBed.emulator.runtime.inspect.resources({ kind }).map((resource) => String(resource.attributes['name'])).sort()]),
  );
}

describe('GcpClusterActuator', () => {
  it('builds a managed network, firewall rules and a load-balanced API endpoint, all marked as ours', async () => {
    bed = await startGcpTestBed();
    const cluster = clusterFixture();
    const names = clusterResourceNamesOf(cluster);
    const result = await bed.actuators.cluster.reconcile({ cluster }, bed.context);

    expect(namesByKind(bed)).toEqual({
      network: ['default', names.network].sort(),
      subnetwork: [names.subnetwork],
      firewall: [names.apiServerFirewall, names.internalFirewall].sort(),
      address: [names.address],
      'target-pool': [names.targetPool],
      'forwarding-rule': [names.forwardingRule],
    });
    const address = bed.emulator.runtime.inspect.resources({ kind: 'address' })[0]!;
    expect(result.apiEndpoints).toEqual([{ host: address.attributes['address'], port: 6443 }]);
    expect(gcpClusterProviderStatusSchema.parse(result.providerStatus)).toEqual({
      project: 'slipway-emulated',
      region: 'us-central1',
      network: names.network,
      subnetwork: names.subnetwork,
      loadBalancer: { address: address.attributes['address'], addressName: names.address, targetPool: names.targetPool, forwardingRule: names.forwardingRule },
    });
    expect(address.tags).toEqual({ 'slipway-cluster-name': 'alpha' });
    const rule = bed.emulator.runtime.inspect.resources({ kind: 'forwarding-rule' })[0]!;
    expect(rule.attributes).toMatchObject({ IPAddress: address.attributes['address'], portRange: '6443', IPProtocol: 'TCP' });
    const apiServer = bed.emulator.runtime.inspect.resource('firewall', `slipway-emulated/global/${names.apiServerFirewall}`)!;
    expect(apiServer.attributes).toMatchObject({ targetTags: [names.controlPlaneTag], allowed: [{ IPProtocol: 'tcp', ports: ['6443'] }] });
    const internal = bed.emulator.runtime.inspect.resource('firewall', `slipway-emulated/global/${names.internalFirewall}`)!;
    expect(internal.attributes['sourceRanges']).toEqual(['10.0.0.0/20', '192.168.0.0/16']);
    for (const kind of kinds) {
      for (const resource of bed.emulator.runtime.inspect.resources({ kind })) {
        if (resource.attributes['name'] !== 'default') expect(resource.attributes['description']).toBe('Managed by Slipway. slipway-owner=default/alpha');
      }
    }
  });

  it('changes nothing on a second reconcile', async () => {
    bed = await startGcpTestBed();
    const cluster = clusterFixture();
    const first = await bed.actuators.cluster.reconcile({ cluster }, bed.context);
    const before = bed.emulator.runtime.inspect.callLog.countsByAction();
    const second = await bed.actuators.cluster.reconcile({ cluster }, bed.context);
    expect(second.apiEndpoints).toEqual(first.apiEndpoints);
    const calls = callsSince(bed, before);
    expect(Object.keys(calls).every((action) => action.endsWith('.get'))).toBe(true);
  });

  it('uses an existing network by name and refuses a missing one without creating anything', async () => {
    bed = await startGcpTestBed();
    const missing = clusterFixture({ providerSpec: { region: 'us-central1', network: { mode: 'existing', name: 'shared-vpc' }, loadBalancer: { enabled: false } } });
    const error = await bed.actuators.cluster.reconcile({ cluster: missing }, bed.context).catch((caught: unknown) => caught);
    expect(InvalidProviderSpecError.isInstance(error)).toBe(true);
    expect((error as InvalidProviderSpecError).fieldPath).toBe('spec.providerSpec.value.network.name');
    const existing = clusterFixture({ providerSpec: { region: 'us-central1', network: { mode: 'existing', name: 'default' }, loadBalancer: { enabled: false } } });
    expect(await bed.actuators.cluster.reconcile({ cluster: existing }, bed.context)).toEqual({
      apiEndpoints: [],
      providerStatus: { project: 'slipway-emulated', region: 'us-central1', network: 'default' },
    });
    expect(namesByKind(bed)['network']).toEqual(['default']);
    expect(await bed.actuators.cluster.delete({ cluster: existing }, bed.context)).toEqual({ gone: true });
    expect(namesByKind(bed)['network']).toEqual(['default']);
  });

  it('refuses to adopt a resource that has our name but not our marker', async () => {
    bed = await startGcpTestBed();
    const cluster = clusterFixture();
    const names = clusterResourceNamesOf(cluster);
    const answer = await fetch(`${bed.emulator.endpoint}/compute/v1/projects/slipway-emulated/global/networks`, {
      method: 'POST',
      body: JSON.stringify({ name: names.network, autoCreateSubnetworks: false, description: 'hand-made' }),
    });
    expect(answer.status).toBe(200);
    const error = await bed.actuators.cluster.reconcile({ cluster }, bed.context).catch((caught: unknown) => caught);
    expect(TerminalError.isInstance(error) && error.reason).toBe('InvalidConfiguration');
    expect((error as Error).message).toContain('is not owned by cluster default/alpha');
    expect(await bed.actuators.cluster.delete({ cluster }, bed.context)).toEqual({ gone: true });
    expect(namesByKind(bed)['network']).toContain(names.network);
  });

  it('puts control-plane machines behind the target pool and deletes everything in dependency order', async () => {
    bed = await startGcpTestBed();
    const cluster = clusterFixture();
    const names = clusterResourceNamesOf(cluster);
    await bed.actuators.cluster.reconcile({ cluster }, bed.context);
    const controlPlane = machineFixture('control-plane-0', { controlPlane: true, providerSpec: { ...workerSpec, publicIP: false } });
    await bed.actuators.machine.create({ cluster, machine: controlPlane, bootstrapData: { userData } }, bed.context);
    const pool = () => bed!.emulator.runtime.inspect.resource('target-pool', `slipway-emulated/us-central1/${names.targetPool}`)!.attributes['instances'];
    expect(pool()).toEqual([`https://www.googleapis.com/compute/v1/projects/slipway-emulated/zones/us-central1-a/instances/${instanceNameOf(controlPlane)}`]);
    const instance = bed.emulator.runtime.inspect.instances()[0]!;
    expect(instance.attributes['tags']).toEqual([names.nodeTag, names.controlPlaneTag]);
    expect(instance.attributes['subnetwork']).toContain(`/subnetworks/${names.subnetwork}`);

    // The machine still uses the subnetwork: the cluster cannot be gone yet, and says so.
    const early = await bed.actuators.cluster.delete({ cluster }, bed.context);
    expect(early.gone).toBe(false);
    expect(namesByKind(bed)['forwarding-rule']).toEqual([]);
    expect(namesByKind(bed)['subnetwork']).toEqual([names.subnetwork]);

    expect((await bed.actuators.machine.delete({ cluster, machine: controlPlane }, bed.context)).gone).toBe(true);
    expect(await bed.actuators.cluster.delete({ cluster }, bed.context)).toEqual({ gone: true });
    expect(namesByKind(bed)).toEqual({ network: ['default'], subnetwork: [], firewall: [], address: [], 'target-pool': [], 'forwarding-rule': [] });
    expect(await bed.actuators.cluster.delete({ cluster }, bed.context)).toEqual({ gone: true });
  });

  it('refuses a control-plane machine outside the cluster region before calling anything', async () => {
    bed = await startGcpTestBed();
    const cluster = clusterFixture();
    const machine = machineFixture('control-plane-0', { controlPlane: true, providerSpec: { ...workerSpec, zone: 'europe-west1-b' } });
    const error = await bed.actuators.machine.create({ cluster, machine, bootstrapData: { userData } }, bed.context).catch((caught: unknown) => caught);
    expect((error as InvalidProviderSpecError).fieldPath).toBe('spec.providerSpec.value.zone');
    expect(bed.emulator.runtime.inspect.callLog.count()).toBe(0);
  });
});
