import { TerminalError, TransientError } from '@slipway/core';
import { ResourceManagementClient } from '@azure/arm-resources';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emulatorCredential } from '../test-support/emulator-credential.js';
import { openAzureTestWorld, type AzureTestWorld } from '../test-support/azure-test-world.js';

let world: AzureTestWorld;

const infrastructureKinds = ['resource-group', 'network-security-group', 'virtual-network', 'subnet', 'public-ip-address', 'load-balancer'];

function kindCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of world.emulator.inspect.resources()) counts[resource.kind] = (counts[resource.kind] ?? 0) + 1;
  return counts;
}

describe('AzureClusterActuator', () => {
  beforeEach(async () => {
    world = await openAzureTestWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  it('makes the resource group, security groups, network and API load balancer, tagged as owned, and answers the endpoint', async () => {
    const cluster = world.cluster('prod');
    const result = await world.actuators.cluster.reconcile({ cluster }, world.context);
    expect(kindCounts()).toEqual({ 'resource-group': 1, 'network-security-group': 2, 'virtual-network': 1, subnet: 2, 'public-ip-address': 1, 'load-balancer': 1 });
    const address = world.emulator.inspect.resources({ kind: 'public-ip-address' })[0]!;
    expect(result.apiEndpoints).toEqual([{ host: (address.attributes['properties'] as { ipAddress: string }).ipAddress, port: 6443 }]);
    for (const resource of world.emulator.inspect.resources().filter((item) => item.kind !== 'subnet')) {
      expect(resource.tags['slipway-cluster-name']).toBe('prod');
    }
    const controlPlaneRules = world.emulator.inspect
      .resources({ kind: 'network-security-group' })
      .find((group) => group.id.endsWith('prod-control-plane-nsg'))!.attributes['properties'] as { securityRules: { properties: { destinationPortRange: string } }[] };
    expect(controlPlaneRules.securityRules.map((rule) => rule.properties.destinationPortRange)).toEqual(expect.arrayContaining(['6443', '2379-2380', '10250']));
  });

  it('is idempotent: a second reconcile changes nothing and answers the same endpoint', async () => {
    const cluster = world.cluster('again');
    const first = await world.actuators.cluster.reconcile({ cluster }, world.context);
    const before = kindCounts();
    const second = await world.actuators.cluster.reconcile({ cluster }, world.context);
    expect(second.apiEndpoints).toEqual(first.apiEndpoints);
    expect(kindCounts()).toEqual(before);
  });

  it('deletes everything in dependency order once the machines are gone, and again without complaint', async () => {
    const cluster = world.cluster('teardown');
    await world.actuators.cluster.reconcile({ cluster }, world.context);
    const machine = world.machine(cluster, 'master-0', { controlPlane: true });
    await world.actuators.machine.create({ cluster, machine, bootstrapData: { userData: 'x' } }, world.context);

    // The subnet is still used by the machine's interface: Azure refuses, the actuator says "later".
    const early = await world.actuators.cluster.delete({ cluster }, world.context).catch((error: unknown) => error);
    expect(TransientError.isInstance(early)).toBe(true);
    expect((early as Error).message).toMatch(/InUse/);

    await world.actuators.machine.delete({ cluster, machine }, world.context);
    expect(await world.actuators.cluster.delete({ cluster }, world.context)).toEqual({ gone: true });
    expect(world.emulator.inspect.resources().filter((resource) => infrastructureKinds.includes(resource.kind))).toEqual([]);
    expect(await world.actuators.cluster.delete({ cluster }, world.context)).toEqual({ gone: true });
  });

  it('uses an existing resource group without creating or deleting it, and says so when it is missing', async () => {
    const spec = { location: 'westeurope', resourceGroup: { name: 'shared-rg', mode: 'existing' }, apiServerLoadBalancer: { enabled: false } };
    const cluster = world.cluster('guest', spec);
    const missing = await world.actuators.cluster.reconcile({ cluster }, world.context).catch((error: unknown) => error);
    expect(TerminalError.isInstance(missing) && missing.reason).toBe('InvalidConfiguration');
    expect((missing as Error).message).toMatch(/shared-rg does not exist/);
    expect(world.emulator.inspect.resources()).toEqual([]);

    // Someone else's group, made outside Slipway.
    const resources = new ResourceManagementClient(emulatorCredential, world.emulator.subscriptionId, {
      endpoint: world.emulator.endpoint,
      tlsOptions: { ca: world.emulator.certificateAuthority },
    });
    await resources.resourceGroups.createOrUpdate('shared-rg', { location: 'westeurope' });

    await world.actuators.cluster.reconcile({ cluster }, world.context);
    expect(world.emulator.inspect.resources({ kind: 'virtual-network' })).toHaveLength(1);
    await world.actuators.cluster.delete({ cluster }, world.context);
    expect(world.emulator.inspect.resources({ kind: 'resource-group' })).toHaveLength(1);
  });
});
