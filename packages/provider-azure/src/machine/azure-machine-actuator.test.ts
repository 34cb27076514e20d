import { TerminalError, TransientError, SlipwayError } from '@slipway/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { azureConformanceFixtures } from '../test-support/azure-conformance-options.js';
import { openAzureTestWorld, testMachineProviderSpec, type AzureTestWorld } from '../test-support/azure-test-world.js';

let world: AzureTestWorld;

async function failureOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('AzureMachineActuator', () => {
  beforeEach(async () => {
    world = await openAzureTestWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  async function clusterWithNetwork(name: string, loadBalancer = false) {
    const cluster = world.cluster(name, { location: 'westeurope', resourceGroup: { name: `${name}-rg` }, apiServerLoadBalancer: { enabled: loadBalancer } });
    await world.actuators.cluster.reconcile({ cluster }, world.context);
    return cluster;
  }

  it('creates a network interface, a public IP and a VM, and tags the OS disk Azure makes for it: all carry the ownership and additional tags', async () => {
    const cluster = await clusterWithNetwork('tags');
    const machine = world.machine(cluster, 'worker-a', { providerSpec: { ...testMachineProviderSpec, publicIP: true, additionalTags: { team: 'platform' } } });
    const result = await world.actuators.machine.create({ cluster, machine, bootstrapData: { userData: '#cloud-config\n' } }, world.context);

    expect(result.providerID).toMatch(/^azure:\/\/\/subscriptions\/[^/]+\/resourceGroups\/tags-rg\/providers\/Microsoft\.Compute\/virtualMachines\/worker-a-[0-9a-f]{8}$/);
    expect(result.addresses.map((address) => address.type).sort()).toEqual(['ExternalIP', 'Hostname', 'InternalIP']);
    const owned = world.emulator.inspect.resources({ tags: { 'slipway-machine-uid': machine.metadata.uid! } });
    expect(owned.map((resource) => resource.kind).sort()).toEqual(['disk', 'instance', 'network-interface', 'public-ip-address']);
    for (const resource of owned) {
      expect(resource.tags).toMatchObject({ 'slipway-cluster-name': 'tags', 'slipway-machine-name': 'worker-a', team: 'platform' });
    }
  });

  it('puts control-plane machines behind the API server load balancer and workers in the node subnet', async () => {
    const cluster = await clusterWithNetwork('pools', true);
    const master = world.machine(cluster, 'master-0', { controlPlane: true });
    const worker = world.machine(cluster, 'worker-0');
    await world.actuators.machine.create({ cluster, machine: master, bootstrapData: { userData: 'a' } }, world.context);
    await world.actuators.machine.create({ cluster, machine: worker, bootstrapData: { userData: 'b' } }, world.context);
    const interfaces = world.emulator.inspect.resources({ kind: 'network-interface' });
    const configurationOf = (name: string) => {
      const nic = interfaces.find((resource) => resource.tags['slipway-machine-name'] === name)!;
      return ((nic.attributes['properties'] as { ipConfigurations: { properties: Record<string, unknown> }[] }).ipConfigurations[0]!).properties;
    };
    expect(JSON.stringify(configurationOf('master-0')['loadBalancerBackendAddressPools'])).toMatch(/loadBalancers\/pools-apiserver-lb\/backendAddressPools\/control-plane/);
    expect(String((configurationOf('master-0')['subnet'] as { id: string }).id)).toMatch(/subnets\/control-plane$/);
    expect(configurationOf('worker-0')['loadBalancerBackendAddressPools']).toBeUndefined();
    expect(String((configurationOf('worker-0')['subnet'] as { id: string }).id)).toMatch(/subnets\/nodes$/);
  });

  it('delete takes the VM, its OS disk, interface and public IP, and cleans up what a failed create left', async () => {
    const cluster = await clusterWithNetwork('cleanup');
    const machine = world.machine(cluster, 'worker-q', { providerSpec: { ...testMachineProviderSpec, publicIP: true } });
    // No quota for VMs: the interface and address are made, the VM is refused.
    world.emulator.faults.quota({ instance: 0 });
    const refused = await failureOf(world.actuators.machine.create({ cluster, machine, bootstrapData: { userData: 'x' } }, world.context));
    expect(TerminalError.isInstance(refused) && refused.reason).toBe('InsufficientResources');
    expect(world.emulator.inspect.resources({ kind: 'network-interface' })).toHaveLength(1);
    world.emulator.faults.quota(false);

    await world.actuators.machine.create({ cluster, machine, bootstrapData: { userData: 'x' } }, world.context);
    expect(world.emulator.inspect.resources({ kind: 'disk' })).toHaveLength(1);
    expect(await world.actuators.machine.delete({ cluster, machine }, world.context)).toEqual({ gone: true });
    const left = world.emulator.inspect.resources().filter((resource) => ['instance', 'disk', 'network-interface', 'public-ip-address'].includes(resource.kind));
    expect(left).toEqual([]);
    expect(world.emulator.callLog.count('Microsoft.Compute/locations/operationResults/read')).toBeGreaterThan(0);
  });

  it('refuses user data over Azure’s 65,535-byte customData limit before calling Azure', async () => {
    const cluster = await clusterWithNetwork('big');
    const machine = world.machine(cluster, 'worker-big');
    const calls = world.emulator.callLog.count();
    const error = await failureOf(world.actuators.machine.create({ cluster, machine, bootstrapData: { userData: 'x'.repeat(65_536) } }, world.context));
    expect(TerminalError.isInstance(error) && error.reason).toBe('InvalidConfiguration');
    expect((error as Error).message).toMatch(/65535/);
    expect(world.emulator.callLog.count()).toBe(calls);
  });

  it.each([
    [{ ...testMachineProviderSpec, vmSize: 'Standard_M416ms_v2' }, 'InsufficientResources', /SkuNotAvailable/],
    [{ ...testMachineProviderSpec, image: { publisher: 'Nobody', offer: 'nothing', sku: 'none' } }, 'InvalidConfiguration', /PlatformImageNotFound/],
    [{ ...testMachineProviderSpec, image: { id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/missing' } }, 'InvalidConfiguration', /ImageNotFound/],
  ])('maps what Azure refuses to a terminal reason: %j', async (providerSpec, reason, message) => {
    const cluster = await clusterWithNetwork('refusals');
    const error = await failureOf(
      world.actuators.machine.create({ cluster, machine: world.machine(cluster, 'worker-r', { providerSpec }), bootstrapData: { userData: 'x' } }, world.context),
    );
    expect(TerminalError.isInstance(error) && error.reason).toBe(reason);
    expect((error as Error).message).toMatch(message);
  });

  it('reports missing cluster infrastructure as transient, and a cluster without an Azure providerSpec as invalid', async () => {
    const cluster = world.cluster('not-yet');
    const machine = world.machine(cluster, 'worker-early');
    const early = await failureOf(world.actuators.machine.create({ cluster, machine, bootstrapData: { userData: 'x' } }, world.context));
    expect(TransientError.isInstance(early)).toBe(true);
    expect((early as Error).message).toMatch(/not there yet/);

    const bare = { ...cluster, spec: { ...cluster.spec, providerSpec: undefined } };
    const invalid = await failureOf(world.actuators.machine.create({ cluster: bare, machine, bootstrapData: { userData: 'x' } }, world.context));
    expect(TerminalError.isInstance(invalid) && invalid.reason).toBe('InvalidConfiguration');
  });

  it('answers exists and lists owned instances from one VM listing per resource group', async () => {
    const cluster = await clusterWithNetwork('listing');
    const machines = [0, 1, 2].map((index) => world.machine(cluster, `worker-${index}`));
    for (const machine of machines) await world.actuators.machine.create({ cluster, machine, bootstrapData: { userData: 'x' } }, world.context);
    world.emulator.callLog.clear();
    const answers = await Promise.all(machines.map((machine) => world.actuators.machine.exists({ cluster, machine }, world.context)));
    expect(answers.every((answer) => answer.exists)).toBe(true);
    const owned = await world.actuators.machine.listOwnedInstances!({ cluster }, world.context);
    expect(owned.map((instance) => instance.machineName).sort()).toEqual(['worker-0', 'worker-1', 'worker-2']);
    expect(world.emulator.callLog.countsByAction()).toEqual({ 'Microsoft.Compute/virtualMachines/list': 1 });
  });

  it('surfaces a lost reply as a retryable Slipway error and a retried create as the same VM', async () => {
    const cluster = await clusterWithNetwork('lost');
    const machine = world.machine(cluster, 'worker-l');
    world.emulator.faults.loseReplies({ next: 10, actions: ['Microsoft.Compute/virtualMachines/write'] });
    const error = await failureOf(world.actuators.machine.create({ cluster, machine, bootstrapData: { userData: 'x' } }, world.context));
    expect(SlipwayError.isInstance(error) && error.isRetryable).toBe(true);
    world.emulator.faults.loseReplies(false);
    await world.actuators.machine.create({ cluster, machine, bootstrapData: { userData: 'x' } }, world.context);
    expect(world.emulator.inspect.instances()).toHaveLength(1);
  });
});

describe('AzureMachineActuator update', () => {
  beforeEach(async () => {
    world = await openAzureTestWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  it('adds changed additionalTags to the VM and its interface and keeps tags others set', async () => {
    const cluster = world.cluster('retag', { location: 'westeurope', resourceGroup: { name: 'retag-rg' }, apiServerLoadBalancer: { enabled: false } });
    await world.actuators.cluster.reconcile({ cluster }, world.context);
    const machine = world.machine(cluster, 'worker-t', { providerSpec: { ...testMachineProviderSpec, additionalTags: { team: 'a' } } });
    await world.actuators.machine.create({ cluster, machine, bootstrapData: { userData: 'x' } }, world.context);
    const vm = () => world.emulator.inspect.instances()[0]!;
    // Someone else's tag, set outside Slipway.
    const instance = world.emulator.runtime.store.get('instance', vm().id, { consistent: true })!;
    instance.tags['owner-policy'] = 'kept';

    const changed = { ...machine, spec: { ...machine.spec, providerSpec: { value: { ...testMachineProviderSpec, additionalTags: { team: 'b', tier: 'gold' } } } } };
    const before = world.emulator.callLog.count('Microsoft.Compute/virtualMachines/write');
    const result = await world.actuators.machine.update({ cluster, machine: changed }, world.context);
    expect(result.providerID).toMatch(/virtualMachines\/worker-t-/);
    expect(vm().tags).toMatchObject({ team: 'b', tier: 'gold', 'owner-policy': 'kept', 'slipway-machine-name': 'worker-t' });
    expect(world.emulator.inspect.resources({ kind: 'network-interface' })[0]!.tags).toMatchObject({ team: 'b', tier: 'gold' });
    expect(world.emulator.callLog.count('Microsoft.Compute/virtualMachines/write')).toBe(before + 1);

    // Nothing to change: no write.
    world.emulator.callLog.clear();
    await world.actuators.machine.update({ cluster, machine: changed }, world.context);
    expect(Object.keys(world.emulator.callLog.countsByAction()).filter((action) => action.endsWith('/write'))).toEqual([]);
  });
});

describe('conformance fixtures', () => {
  it('are valid for the provider’s own schemas', async () => {
    const { azureMachineProviderSpecSchema, azureClusterProviderSpecSchema } = await import('../index.js');
    expect(azureMachineProviderSpecSchema.safeParse(azureConformanceFixtures.machineProviderSpec).success).toBe(true);
    expect(azureClusterProviderSpecSchema.safeParse(azureConformanceFixtures.clusterProviderSpec).success).toBe(true);
  });
});
