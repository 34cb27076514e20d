import type { NetworkInterface, PublicIPAddress } from '@azure/arm-network';
import type { VirtualMachine } from '@azure/arm-compute';
import {
  clusterNameOf,
  isControlPlaneMachine,
  TransientError,
  type ActuatorContextV1,
  type Cluster,
  type Machine,
  type MachineActuatorResultV1,
  type MachineActuatorV1,
  type MachineCreateRequestV1,
  type MachineDeleteResultV1,
  type MachineExistsResultV1,
  type MachineRequestV1,
  type NodeAddress,
  type OwnedInstanceV1,
} from '@slipway/core';
import { ownerFromTags, ownershipTags, waitUntil, type CoalescingDescriber } from '@slipway/provider-utils';
import type { AzureApiClient } from '../api/azure-api-client.js';
import { azureClusterLayout, type AzureClusterLayout } from '../cluster/azure-cluster-layout.js';
import { isAzureStatus, mapAzureError } from '../api/azure-error-mapper.js';
import { azureMachineResourceNames } from './azure-machine-resource-names.js';
import { azureProviderId } from './azure-provider-id.js';
import type { AzureMachineProviderSpec } from './azure-machine-provider-spec.js';
import { parseMachineProviderSpec } from '../parse-azure-provider-spec.js';
import { encodeCustomData } from './encode-custom-data.js';
import { instanceStateOf } from './azure-instance-state.js';

export interface AzureMachineActuatorDependencies {
  api: AzureApiClient;
  subscriptionId: string;
  describer: CoalescingDescriber<VirtualMachine>;
  /** Poll interval of long-running operations when Azure names no Retry-After. */
  pollIntervalMs: number;
  /** The admin SSH key when the providerSpec gives none. */
  defaultSshPublicKey: () => string;
}

/**
 * Version 1 of the machine contract on Azure. A machine is a network interface
 * (with an optional public IP) and a VM whose OS disk, interface and address
 * are created with `deleteOption: Delete`. Names are derived from the Machine,
 * so every create is a PUT of the same resources; delete removes the VM, waits
 * for it through the Location header, then deletes (and so proves gone) the
 * interface, address and disk a crash may have left.
 */
export class AzureMachineActuator implements MachineActuatorV1 {
  readonly specificationVersion = 'v1';
  readonly capabilities = { orphanListing: true, inPlaceUpdate: false };
  private readonly dependencies: AzureMachineActuatorDependencies;

  constructor(dependencies: AzureMachineActuatorDependencies) {
    this.dependencies = dependencies;
  }

  async create(request: MachineCreateRequestV1, context: ActuatorContextV1): Promise<MachineActuatorResultV1> {
    const { machine, cluster } = request;
    const spec = parseMachineProviderSpec(machine);
    const layout = azureClusterLayout(cluster, this.dependencies.subscriptionId);
    const customData = encodeCustomData(request.bootstrapData.userData);
    const names = azureMachineResourceNames(machine);
    const { network, compute } = this.dependencies.api;
    const location = spec.location ?? layout.location;
    const tags = { ...spec.additionalTags, ...ownershipTags(this.ownerOf(cluster, machine)) };
    const group = layout.resourceGroupName;
    const options = { abortSignal: context.signal, updateIntervalInMs: this.dependencies.pollIntervalMs };
    const zones = spec.availabilityZone !== undefined ? [spec.availabilityZone] : undefined;
    const step = (what: string) => `create ${what} for Machine ${machine.metadata.name}`;

    let publicIpAddress: PublicIPAddress | undefined;
    if (spec.publicIP) {
      publicIpAddress = await this.call(step(`public IP ${names.publicIpAddress}`), () =>
        network.publicIPAddresses.beginCreateOrUpdateAndWait(
          group,
          names.publicIpAddress,
          { location, tags, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', deleteOption: 'Delete', ...(zones ? { zones } : {}) },
          options,
        ),
      );
    }
    const networkInterface = await this.call(step(`network interface ${names.networkInterface}`), () =>
      network.networkInterfaces.beginCreateOrUpdateAndWait(
        group,
        names.networkInterface,
        {
          location,
          tags,
          ipConfigurations: [
            {
              name: 'primary',
              primary: true,
              privateIPAllocationMethod: 'Dynamic',
              subnet: { id: this.subnetIdOf(spec, layout, machine) },
              ...(publicIpAddress?.id ? { publicIPAddress: { id: publicIpAddress.id } } : {}),
              ...(isControlPlaneMachine(machine) && layout.loadBalancer.enabled
                ? { loadBalancerBackendAddressPools: [{ id: layout.loadBalancer.backendPoolId }] }
                : {}),
            },
          ],
        },
        options,
      ),
    );
    const poller = compute.virtualMachines.createOrUpdate(
      group,
      names.virtualMachine,
      {
        location,
        tags,
        ...(zones ? { zones } : {}),
        hardwareProfile: { vmSize: spec.vmSize },
        storageProfile: {
          imageReference: 'id' in spec.image ? { id: spec.image.id } : { ...spec.image },
          osDisk: {
            name: names.osDisk,
            createOption: 'FromImage',
            deleteOption: 'Delete',
            diskSizeGB: spec.osDisk.sizeGB,
            managedDisk: { storageAccountType: spec.osDisk.storageAccountType },
          },
        },
        osProfile: {
          computerName: names.virtualMachine,
          adminUsername: spec.adminUsername,
          customData,
          linuxConfiguration: {
            disablePasswordAuthentication: true,
            ssh: {
              publicKeys: [
                { path: `/home/${spec.adminUsername}/.ssh/authorized_keys`, keyData: spec.sshPublicKey ?? this.dependencies.defaultSshPublicKey() },
              ],
            },
          },
        },
        networkProfile: { networkInterfaces: [{ id: networkInterface.id!, primary: true, deleteOption: 'Delete' }] },
      },
      options,
    );
    // The PUT is accepted once this returns; the VM boots on its own and exists/state report its progress.
    await this.call(step(`virtual machine ${names.virtualMachine}`), () => poller.submitted());
    this.dependencies.describer.invalidate(group);
    await this.tagOsDisk(group, names.osDisk, tags, {}, context);
    const done = poller.operationState?.status === 'succeeded';
    return {
      providerID: azureProviderId(this.dependencies.subscriptionId, group, names.virtualMachine),
      addresses: addressesOf(names.virtualMachine, networkInterface, publicIpAddress),
      instanceState: done ? 'running' : 'pending',
      providerStatus: { resourceGroup: group, virtualMachineName: names.virtualMachine, location },
    };
  }

  /**
   * Brings the VM's, OS disk's and interface's tags up to the Machine's (ownership and
   * additionalTags). It adds and changes tags but never removes one: policies
   * and other tools tag VMs too. Size, image and disk are not changed in place.
   */
  async update(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineActuatorResultV1> {
    const { machine, cluster } = request;
    const spec = parseMachineProviderSpec(machine);
    const layout = azureClusterLayout(cluster, this.dependencies.subscriptionId);
    const names = azureMachineResourceNames(machine);
    const group = layout.resourceGroupName;
    const { compute, network } = this.dependencies.api;
    const found = await this.dependencies.describer.find(group, names.virtualMachine.toLowerCase(), { signal: context.signal });
    if (found === undefined) {
      throw new TransientError(`the virtual machine ${names.virtualMachine} of Machine ${machine.metadata.name} is not listed (yet); create it first or wait`, {
        requeueAfterMs: 10_000,
      });
    }
    const wanted = { ...spec.additionalTags, ...ownershipTags(this.ownerOf(cluster, machine)) };
    const networkInterface = await this.call(`read network interface ${names.networkInterface}`, () =>
      network.networkInterfaces.get(group, names.networkInterface, { abortSignal: context.signal }),
    );
    const missing = (tags: Record<string, string> | undefined) => Object.entries(wanted).some(([key, value]) => tags?.[key] !== value);
    if (missing(found.tags)) {
      await this.call(`update the tags of virtual machine ${names.virtualMachine}`, () =>
        compute.virtualMachines.update(group, names.virtualMachine, { tags: { ...found.tags, ...wanted } }, { abortSignal: context.signal, updateIntervalInMs: this.dependencies.pollIntervalMs }),
      );
      this.dependencies.describer.invalidate(group);
    }
    const osDisk = await this.call(`read OS disk ${names.osDisk}`, () => compute.disks.get(group, names.osDisk, { abortSignal: context.signal }));
    if (missing(osDisk.tags)) await this.tagOsDisk(group, names.osDisk, wanted, osDisk.tags ?? {}, context);
    if (missing(networkInterface.tags)) {
      await this.call(`update the tags of network interface ${names.networkInterface}`, () =>
        network.networkInterfaces.updateTags(group, names.networkInterface, { tags: { ...networkInterface.tags, ...wanted } }, { abortSignal: context.signal }),
      );
    }
    return {
      providerID: azureProviderId(this.dependencies.subscriptionId, group, names.virtualMachine),
      addresses: addressesOf(names.virtualMachine, networkInterface, undefined),
      instanceState: instanceStateOf(found.provisioningState),
    };
  }

  async exists(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineExistsResultV1> {
    const layout = azureClusterLayout(request.cluster, this.dependencies.subscriptionId);
    const names = azureMachineResourceNames(request.machine);
    const found = await this.dependencies.describer.find(layout.resourceGroupName, names.virtualMachine.toLowerCase(), { signal: context.signal });
    if (found === undefined) return { exists: false };
    const instanceState = instanceStateOf(found.provisioningState);
    if (instanceState === 'terminating') return { exists: false };
    return {
      exists: true,
      providerID: azureProviderId(this.dependencies.subscriptionId, layout.resourceGroupName, names.virtualMachine),
      instanceState,
      addresses: [{ type: 'Hostname', address: names.virtualMachine }],
    };
  }

  async delete(request: MachineRequestV1, context: ActuatorContextV1): Promise<MachineDeleteResultV1> {
    const layout = azureClusterLayout(request.cluster, this.dependencies.subscriptionId);
    const names = azureMachineResourceNames(request.machine);
    const group = layout.resourceGroupName;
    const { compute, network } = this.dependencies.api;
    const options = { abortSignal: context.signal, updateIntervalInMs: this.dependencies.pollIntervalMs };
    const step = (what: string) => `delete ${what} of Machine ${request.machine.metadata.name}`;
    this.dependencies.describer.invalidate(group);
    try {
      // Polled through its Location header until Azure says the VM, and what it took with it, is gone.
      await this.ignoringMissingGroup(step(`virtual machine ${names.virtualMachine}`), () => compute.virtualMachines.delete(group, names.virtualMachine, options));
      // Whatever the VM did not take with it (a crash between the interface and the VM, a Detach) goes now; an answer of 204 proves it gone.
      await this.ignoringMissingGroup(step(`network interface ${names.networkInterface}`), () =>
        network.networkInterfaces.beginDeleteAndWait(group, names.networkInterface, options),
      );
      await Promise.all([
        this.ignoringMissingGroup(step(`public IP ${names.publicIpAddress}`), () => network.publicIPAddresses.beginDeleteAndWait(group, names.publicIpAddress, options)),
        this.ignoringMissingGroup(step(`OS disk ${names.osDisk}`), () => compute.disks.delete(group, names.osDisk, options)),
      ]);
    } finally {
      this.dependencies.describer.invalidate(group);
    }
    return { gone: true };
  }

  async listOwnedInstances(request: { cluster: Cluster }, context: ActuatorContextV1): Promise<OwnedInstanceV1[]> {
    const layout = azureClusterLayout(request.cluster, this.dependencies.subscriptionId);
    const machines = await this.dependencies.describer.list(layout.resourceGroupName, { signal: context.signal });
    return machines.flatMap((machine) => {
      const owner = ownerFromTags(machine.tags ?? {});
      if (owner === undefined || owner.clusterName !== layout.clusterName || machine.name === undefined) return [];
      return [
        {
          providerID: azureProviderId(this.dependencies.subscriptionId, layout.resourceGroupName, machine.name),
          clusterName: owner.clusterName,
          ...(owner.machineName !== undefined ? { machineName: owner.machineName } : {}),
          ...(owner.machineUid !== undefined ? { machineUid: owner.machineUid } : {}),
          instanceState: instanceStateOf(machine.provisioningState),
        },
      ];
    });
  }

  private ownerOf(cluster: Cluster, machine: Machine) {
    return {
      clusterName: clusterNameOf(machine) ?? cluster.metadata.name ?? '',
      machineName: machine.metadata.name ?? '',
      machineUid: machine.metadata.uid ?? '',
    };
  }

  private subnetIdOf(spec: AzureMachineProviderSpec, layout: AzureClusterLayout, machine: Machine): string {
    if (spec.subnet?.startsWith('/subscriptions/')) return spec.subnet;
    const base = isControlPlaneMachine(machine) ? layout.controlPlaneSubnet : layout.nodeSubnet;
    if (spec.subnet === undefined) return base.id;
    return base.id.replace(/[^/]+$/, spec.subnet);
  }

  /**
   * Azure gives the OS disk it makes for a VM none of the VM's tags (the VM's PUT
   * has no field for them), yet every resource of a Machine must carry the
   * ownership tags for orphan collection to find it. So the disk is tagged as
   * soon as it exists: a PATCH that is retried while the disk is not there yet.
   * `current` keeps tags others put on the disk (a PATCH replaces them all).
   */
  private async tagOsDisk(group: string, diskName: string, wanted: Record<string, string>, current: Record<string, string>, context: ActuatorContextV1): Promise<void> {
    const { compute } = this.dependencies.api;
    await waitUntil(
      async () => {
        try {
          await compute.disks.update(group, diskName, { tags: { ...current, ...wanted } }, { abortSignal: context.signal, updateIntervalInMs: this.dependencies.pollIntervalMs });
          return true;
        } catch (error) {
          if (isAzureStatus(error, 404)) return undefined;
          throw mapAzureError(error, `update the tags of OS disk ${diskName}`);
        }
      },
      { description: `OS disk ${diskName} to appear and take the ownership tags`, timeoutMs: 10 * 60_000, intervalMs: 1000, clock: context.clock, signal: context.signal },
    );
  }

  private async call<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isAzureStatus(error, 404) && /ResourceGroupNotFound|ParentResourceNotFound|ResourceNotFound/.test(String((error as { code?: string }).code))) {
        throw new TransientError(`${operation}: the cluster's Azure infrastructure is not there yet (${(error as Error).message}); the Cluster actuator creates it`, {
          cause: error,
          requeueAfterMs: 15_000,
        });
      }
      if ((error as { code?: string }).code === 'InvalidResourceReference') {
        throw new TransientError(
          `${operation}: a resource it refers to is missing (${(error as Error).message}); either the cluster's network is not made yet, or spec.providerSpec.value.subnet names a subnet that does not exist`,
          { cause: error, requeueAfterMs: 15_000 },
        );
      }
      throw mapAzureError(error, operation);
    }
  }

  /** A delete in a resource group that no longer exists has nothing left to do. */
  private async ignoringMissingGroup(operation: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (isAzureStatus(error, 404)) return;
      throw mapAzureError(error, operation);
    }
  }
}

function addressesOf(hostname: string, networkInterface: NetworkInterface, publicIpAddress: PublicIPAddress | undefined): NodeAddress[] {
  const addresses: NodeAddress[] = [{ type: 'Hostname', address: hostname }];
  const privateAddress = networkInterface.ipConfigurations?.[0]?.privateIPAddress;
  if (privateAddress) addresses.push({ type: 'InternalIP', address: privateAddress });
  if (publicIpAddress?.ipAddress) addresses.push({ type: 'ExternalIP', address: publicIpAddress.ipAddress });
  return addresses;
}
