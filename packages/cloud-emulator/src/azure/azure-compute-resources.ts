/**
 * Microsoft.Compute as the emulator serves it: virtual machines (the
 * framework's instances: pending → running → terminating → terminated) with
 * their implicit OS disk, and managed disks. A VM create is a long-running
 * operation that succeeds when the instance reaches running; a delete one that
 * ends when it is terminated, by which time the OS disk, network interfaces and
 * public IPs created with `deleteOption: Delete` are gone with it (the
 * lifecycle deletes what an instance owns).
 */
import { randomUUID } from 'node:crypto';
import type { StoredResource } from '../store/stored-resource.js';
import { azureApiError } from './azure-api-error.js';
import { attributesOf, type AzureEmulatorContext } from './azure-emulator-context.js';
import type { AzureLongRunningOperation } from './azure-long-running-operations.js';
import type { AzureResourceAddress, AzureWriteOutcome } from './azure-network-resources.js';
import { arrayOf, readResourceBody, recordOf, requireResourceName } from './azure-resource-body.js';
import { azureResourceKey, parseAzureResourceId } from './azure-resource-path.js';
import { azureResourceTypeOf } from './azure-resource-types.js';

/** The admin user names the VirtualMachine specification's osProfile.adminUsername disallows (compared in lower case). */
const reservedAdminUsernames: ReadonlySet<string> = new Set([
  'administrator', 'admin', 'user', 'user1', 'test', 'user2', 'test1', 'user3', 'admin1', '1', '123', 'a', 'actuser', 'adm', 'admin2', 'aspnet',
  'backup', 'console', 'david', 'guest', 'john', 'owner', 'root', 'server', 'sql', 'support', 'support_388945a0', 'sys', 'test2', 'test3', 'user4', 'user5',
]);

/** Azure's limit on customData: a base64 string whose decoded bytes number at most 65,535. */
export const azureCustomDataMaximumBytes = 65_535;

const storageAccountTypes = ['Standard_LRS', 'StandardSSD_LRS', 'Premium_LRS', 'PremiumV2_LRS', 'UltraSSD_LRS', 'StandardSSD_ZRS', 'Premium_ZRS'];
const provisioningStateOfInstance: Record<string, string> = {
  pending: 'Creating',
  running: 'Succeeded',
  stopping: 'Updating',
  stopped: 'Succeeded',
  terminating: 'Deleting',
  terminated: 'Deleting',
};
const powerStateOfInstance: Record<string, string> = {
  pending: 'PowerState/starting',
  running: 'PowerState/running',
  stopping: 'PowerState/stopping',
  stopped: 'PowerState/stopped',
  terminating: 'PowerState/deallocating',
  terminated: 'PowerState/deallocated',
};

/** Operations waiting on an instance transition, by instance key. */
interface PendingInstanceOperations {
  create?: AzureLongRunningOperation;
  delete?: AzureLongRunningOperation;
}

export class AzureComputeResources {
  private readonly context: AzureEmulatorContext;
  private readonly pending = new Map<string, PendingInstanceOperations>();

  constructor(context: AzureEmulatorContext) {
    this.context = context;
    context.runtime.lifecycle.onTransition((instance, _from, to) => this.onTransition(instance, to));
  }

  putVirtualMachine(address: AzureResourceAddress, body: unknown): AzureWriteOutcome {
    const { context } = this;
    context.requireResourceGroup(address.resourceGroupName);
    const input = readResourceBody(body);
    requireResourceName(address.name, 'virtual machine', 64);
    const armId = context.resourceId(address.type, address.resourceGroupName, [], address.name);
    const key = azureResourceKey(armId);
    const existing = context.store.get('instance', key, { consistent: true });
    if (existing !== undefined) {
      if (existing.state === 'terminating') {
        throw azureApiError(409, 'Conflict', `The virtual machine ${address.name} is being deleted; it cannot be changed until the deletion completes.`);
      }
      // A repeated PUT of the same machine: tags may change; a create in progress is joined, not restarted.
      existing.tags = { ...input.tags };
      const operation = this.pending.get(key)?.create;
      return { resource: existing, created: false, ...(operation ? { operation } : {}) };
    }

    const properties = input.properties;
    const vmSize = recordOf(properties['hardwareProfile'])?.['vmSize'];
    if (typeof vmSize !== 'string' || vmSize === '') {
      throw azureApiError(400, 'InvalidParameter', "Required parameter 'hardwareProfile.vmSize' is missing (null).");
    }
    if (!context.settings.vmSizes.some((size) => size.toLowerCase() === vmSize.toLowerCase())) {
      throw azureApiError(
        409,
        'SkuNotAvailable',
        `The requested VM size for resource 'Following SKUs have failed for Capacity Restrictions: ${vmSize}' is currently not available in location '${input.location}'. Please try another size or deploy to a different location or different zone.`,
      );
    }
    for (const zone of input.zones ?? []) {
      if (!context.settings.zones.includes(zone)) {
        throw azureApiError(400, 'InvalidParameter', `The zone '${zone}' is not available in location '${input.location}'; available zones are ${context.settings.zones.join(', ')}.`);
      }
    }
    const storage = recordOf(properties['storageProfile']) ?? {};
    this.requireImage(recordOf(storage['imageReference']));
    const osDisk = { ...recordOf(storage['osDisk']) };
    const diskSize = osDisk['diskSizeGB'];
    if (diskSize !== undefined && (typeof diskSize !== 'number' || !Number.isInteger(diskSize) || diskSize < 30 || diskSize > 4095)) {
      throw azureApiError(400, 'InvalidParameter', `The value ${String(diskSize)} of parameter 'osDisk.diskSizeGB' is invalid: it must be a whole number of GiB from 30 (the image size) to 4095.`);
    }
    const managedDisk = { ...recordOf(osDisk['managedDisk']) };
    const accountType = managedDisk['storageAccountType'] ?? 'Standard_LRS';
    if (typeof accountType !== 'string' || !storageAccountTypes.includes(accountType)) {
      throw azureApiError(400, 'InvalidParameter', `The value '${String(accountType)}' of parameter 'osDisk.managedDisk.storageAccountType' is invalid; allowed values are ${storageAccountTypes.join(', ')}.`);
    }
    const osDiskDeleteOption = osDisk['deleteOption'] ?? 'Detach';
    if (osDiskDeleteOption !== 'Delete' && osDiskDeleteOption !== 'Detach') {
      throw azureApiError(400, 'InvalidParameter', `The value '${String(osDiskDeleteOption)}' of parameter 'osDisk.deleteOption' is invalid; allowed values are Delete, Detach.`);
    }
    const osProfile = { ...recordOf(properties['osProfile']) };
    const userData = this.decodeCustomData(osProfile['customData']);
    this.requireCredentials(osProfile);
    const interfaces = arrayOf(recordOf(properties['networkProfile'])?.['networkInterfaces']);
    if (interfaces.length === 0) {
      throw azureApiError(400, 'InvalidParameter', "Required parameter 'networkProfile' is missing: a virtual machine needs at least one network interface.");
    }
    const networkInterfaces = interfaces.map((reference, index) => {
      const networkInterface = context.requireReference(reference, 'Microsoft.Network/networkInterfaces', `networkProfile.networkInterfaces[${index}]`);
      if (attributesOf(networkInterface).provisioningState !== 'Succeeded') {
        throw azureApiError(409, 'ReferencedResourceNotProvisioned', `Cannot proceed with operation because resource ${attributesOf(networkInterface).armId} used by resource ${armId} is not in Succeeded state. Resource is in ${attributesOf(networkInterface).provisioningState} state and the last operation that updated/is updating the resource is PutNicOperation.`);
      }
      const attachedTo = attributesOf(networkInterface)['virtualMachineKey'];
      if (typeof attachedTo === 'string' && attachedTo !== key && context.store.get('instance', attachedTo, { consistent: true }) !== undefined) {
        throw azureApiError(400, 'NicInUse', `Network Interface ${attributesOf(networkInterface).armId} is used by existing resource ${attachedTo}.`);
      }
      const deleteOption = recordOf(reference['properties'])?.['deleteOption'] ?? 'Detach';
      return { networkInterface, deleteOption };
    });

    // Everything checked: the machine exists from here on (quota permitting).
    const diskType = azureResourceTypeOf('Microsoft.Compute/disks')!;
    const diskName = typeof osDisk['name'] === 'string' ? osDisk['name'] : `${address.name}_OsDisk_1_${randomUUID().replaceAll('-', '')}`;
    const diskId = context.resourceId(diskType, address.resourceGroupName, [], diskName);
    const vmId = randomUUID();
    const { customData: _customData, adminPassword: _adminPassword, ...visibleOsProfile } = osProfile;
    const instance = context.runtime.lifecycle.launch({
      id: key,
      tags: input.tags,
      ...(userData !== undefined ? { userData } : {}),
      attributes: {
        armId,
        name: address.name,
        type: address.type.type,
        location: input.location,
        resourceGroup: address.resourceGroupName.toLowerCase(),
        provisioningState: 'Creating',
        vmId,
        timeCreated: new Date(context.runtime.clock.now()).toISOString(),
        ...(input.zones ? { zones: input.zones } : {}),
        properties: {
          ...properties,
          osProfile: visibleOsProfile,
          storageProfile: {
            ...storage,
            osDisk: {
              ...osDisk,
              name: diskName,
              osType: 'Linux',
              createOption: 'FromImage',
              deleteOption: osDiskDeleteOption,
              diskSizeGB: diskSize ?? 30,
              managedDisk: { ...managedDisk, storageAccountType: accountType, id: diskId },
            },
          },
          networkProfile: {
            networkInterfaces: networkInterfaces.map(({ networkInterface, deleteOption }, index) => ({ id: attributesOf(networkInterface).armId, properties: { primary: index === 0, deleteOption } })),
          },
        },
      },
    });
    // Azure does not copy a VM's tags to the OS disk it creates for it.
    context.store.create({
      kind: 'disk',
      id: azureResourceKey(diskId),
      ownerId: key,
      ...(osDiskDeleteOption === 'Detach' ? { keepAfterOwner: true } : {}),
      attributes: {
        armId: diskId,
        name: diskName,
        type: diskType.type,
        location: input.location,
        resourceGroup: address.resourceGroupName.toLowerCase(),
        provisioningState: 'Succeeded',
        managedByKey: key,
        ...(input.zones ? { zones: input.zones } : {}),
        sku: { name: accountType },
        properties: { diskSizeGB: diskSize ?? 30, osType: 'Linux', creationData: { createOption: 'FromImage' }, diskState: 'Attached' },
      },
    });
    for (const { networkInterface, deleteOption } of networkInterfaces) {
      attributesOf(networkInterface)['virtualMachineKey'] = key;
      if (deleteOption === 'Delete') {
        networkInterface.ownerId = key;
        // Public IPs of the interface that ask to go with the VM go with it too.
        for (const configuration of arrayOf(attributesOf(networkInterface).properties['ipConfigurations'])) {
          const publicId = recordOf(recordOf(configuration['properties'])?.['publicIPAddress'])?.['id'];
          const address = typeof publicId === 'string' ? context.findById(publicId) : undefined;
          if (address !== undefined && attributesOf(address).properties['deleteOption'] === 'Delete') address.ownerId = key;
        }
      }
    }
    const operation = context.operations.start('Microsoft.Compute', input.location, context.runtime.lifecycle.bootDelayMilliseconds);
    this.pending.set(key, { create: operation });
    return { resource: instance, operation, created: true };
  }

  deleteVirtualMachine(address: AzureResourceAddress): AzureLongRunningOperation | undefined {
    const armId = this.context.resourceId(address.type, address.resourceGroupName, [], address.name);
    const key = azureResourceKey(armId);
    const instance = this.context.store.get('instance', key, { consistent: true });
    if (instance === undefined) return undefined;
    const pending = this.pending.get(key) ?? {};
    if (pending.delete !== undefined) return pending.delete;
    if (pending.create !== undefined) {
      this.context.operations.fail(pending.create, { status: 409, code: 'OperationPreempted', message: 'The create operation was preempted by a delete of the virtual machine.' });
    }
    const operation = this.context.operations.start('Microsoft.Compute', attributesOf(instance).location, this.context.runtime.lifecycle.terminationDelayMilliseconds);
    this.pending.set(key, { delete: operation });
    this.context.runtime.lifecycle.terminate(key);
    return operation;
  }

  putDisk(address: AzureResourceAddress, body: unknown): AzureWriteOutcome {
    const { context } = this;
    context.requireResourceGroup(address.resourceGroupName);
    const input = readResourceBody(body);
    requireResourceName(address.name, 'disk');
    const armId = context.resourceId(address.type, address.resourceGroupName, [], address.name);
    const key = azureResourceKey(armId);
    const size = input.properties['diskSizeGB'];
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 32_767) {
      throw azureApiError(400, 'InvalidParameter', `The value ${String(size)} of parameter 'diskSizeGB' is invalid: a whole number of GiB from 1 to 32767 is required.`);
    }
    const existing = context.store.get('disk', key, { consistent: true });
    if (existing !== undefined) {
      existing.tags = { ...input.tags };
      attributesOf(existing).properties = { ...attributesOf(existing).properties, diskSizeGB: size };
      return { resource: existing, created: false };
    }
    const resource = context.store.create({
      kind: 'disk',
      id: key,
      tags: input.tags,
      attributes: {
        armId,
        name: address.name,
        type: address.type.type,
        location: input.location,
        resourceGroup: address.resourceGroupName.toLowerCase(),
        provisioningState: 'Succeeded',
        sku: recordOf(input.raw['sku']) ?? { name: 'Standard_LRS' },
        properties: { ...input.properties, diskState: 'Unattached' },
      },
    });
    const operation = context.operations.start('Microsoft.Compute', input.location, context.settings.networkOperationMilliseconds);
    context.operations.completeAfter(operation, context.settings.networkOperationMilliseconds);
    return { resource, operation, created: true };
  }

  deleteDisk(address: AzureResourceAddress): AzureLongRunningOperation | undefined {
    const armId = this.context.resourceId(address.type, address.resourceGroupName, [], address.name);
    const disk = this.context.store.get('disk', azureResourceKey(armId), { consistent: true });
    if (disk === undefined) return undefined;
    const managedBy = attributesOf(disk)['managedByKey'];
    if (typeof managedBy === 'string' && this.context.store.get('instance', managedBy, { consistent: true }) !== undefined) {
      throw azureApiError(409, 'OperationNotAllowed', `Disk ${address.name} is attached to VM ${managedBy}.`);
    }
    disk.state = 'deleted';
    this.context.store.remove('disk', disk.id);
    const operation = this.context.operations.start('Microsoft.Compute', attributesOf(disk).location, this.context.settings.networkOperationMilliseconds);
    this.context.operations.completeAfter(operation, this.context.settings.networkOperationMilliseconds);
    return operation;
  }

  /** Top-level fields and properties of a GET answer. */
  render(resource: StoredResource, expandInstanceView: boolean): { top: Record<string, unknown>; properties: Record<string, unknown> } {
    const attributes = attributesOf(resource);
    if (resource.kind === 'disk') {
      const managedBy = attributes['managedByKey'];
      const machine = typeof managedBy === 'string' ? this.context.store.get('instance', managedBy, { consistent: true }) : undefined;
      return {
        top: { sku: attributes['sku'], ...(machine ? { managedBy: attributesOf(machine).armId } : {}) },
        properties: { ...attributes.properties, diskState: machine ? 'Attached' : 'Unattached', provisioningState: attributes.provisioningState },
      };
    }
    const properties: Record<string, unknown> = {
      ...attributes.properties,
      vmId: attributes['vmId'],
      timeCreated: attributes['timeCreated'],
      provisioningState: provisioningStateOfInstance[resource.state] ?? attributes.provisioningState,
    };
    if (expandInstanceView) {
      properties['instanceView'] = {
        computerName: recordOf(attributes.properties['osProfile'])?.['computerName'],
        statuses: [
          { code: `ProvisioningState/${String(properties['provisioningState']).toLowerCase()}`, level: 'Info', displayStatus: String(properties['provisioningState']) },
          { code: powerStateOfInstance[resource.state] ?? 'PowerState/unknown', level: 'Info' },
        ],
      };
    }
    return { top: {}, properties };
  }

  private onTransition(instance: StoredResource, to: string): void {
    const pending = this.pending.get(instance.id);
    if (to === 'running' && pending?.create !== undefined) {
      this.context.operations.succeed(pending.create);
      delete pending.create;
    }
    if (to === 'terminated') {
      // Interfaces and disks kept with Detach are free again; owned ones the lifecycle has just deleted.
      for (const networkInterface of this.context.store.list({ kind: 'network-interface', consistent: true })) {
        if (attributesOf(networkInterface)['virtualMachineKey'] === instance.id) delete attributesOf(networkInterface)['virtualMachineKey'];
      }
      for (const disk of this.context.store.list({ kind: 'disk', consistent: true })) {
        if (attributesOf(disk)['managedByKey'] === instance.id) delete attributesOf(disk)['managedByKey'];
      }
      if (pending?.delete !== undefined) this.context.operations.succeed(pending.delete);
      this.pending.delete(instance.id);
      // ARM stops listing a deleted VM at once; the framework would keep it as `terminated` for an hour.
      this.context.store.remove('instance', instance.id);
    }
  }

  private requireImage(reference: Record<string, unknown> | undefined): void {
    if (reference === undefined) {
      throw azureApiError(400, 'InvalidParameter', "Required parameter 'storageProfile.imageReference' is missing (null).");
    }
    const id = reference['id'];
    if (typeof id === 'string') {
      if (parseAzureResourceId(id) === undefined) throw azureApiError(400, 'InvalidParameter', `The value '${id}' of parameter 'imageReference.id' is not a valid resource id.`);
      if (!this.context.settings.imageIds.some((known) => known.toLowerCase() === id.toLowerCase())) {
        throw azureApiError(404, 'ImageNotFound', `The platform image '${id}' is not found. Verify that the image exists and that it is in the same region as the virtual machine.`);
      }
      return;
    }
    const { publisher, offer, sku, version } = reference;
    for (const [field, value] of Object.entries({ publisher, offer, sku })) {
      if (typeof value !== 'string' || value === '') throw azureApiError(400, 'InvalidParameter', `Required parameter 'imageReference.${field}' is missing (null).`);
    }
    if (version !== undefined && version !== 'latest' && !/^\d+\.\d+\.\d+$/.test(String(version))) {
      throw azureApiError(400, 'InvalidParameter', `The value '${String(version)}' of parameter 'imageReference.version' is invalid: use 'latest' or major.minor.patch.`);
    }
    const known = this.context.settings.marketplaceImages.some(
      (image) =>
        image.publisher.toLowerCase() === String(publisher).toLowerCase() &&
        image.offer.toLowerCase() === String(offer).toLowerCase() &&
        image.sku.toLowerCase() === String(sku).toLowerCase(),
    );
    if (!known) {
      throw azureApiError(404, 'PlatformImageNotFound', `The platform image '${String(publisher)}:${String(offer)}:${String(sku)}:${String(version ?? 'latest')}' is not available. Verify that all fields in the storage profile are correct.`);
    }
  }

  private decodeCustomData(customData: unknown): Uint8Array | undefined {
    if (customData === undefined) return undefined;
    if (typeof customData !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(customData) || customData.length % 4 !== 0) {
      throw azureApiError(400, 'InvalidParameter', "The value of parameter 'osProfile.customData' is invalid: it must be a base64 string.");
    }
    const bytes = Buffer.from(customData, 'base64');
    if (bytes.length > azureCustomDataMaximumBytes) {
      throw azureApiError(400, 'InvalidParameter', `The value of parameter 'osProfile.customData' is too long: it decodes to ${bytes.length} bytes and the maximum is ${azureCustomDataMaximumBytes}.`);
    }
    return new Uint8Array(bytes);
  }

  private requireCredentials(osProfile: Record<string, unknown>): void {
    for (const field of ['computerName', 'adminUsername']) {
      if (typeof osProfile[field] !== 'string' || osProfile[field] === '') {
        throw azureApiError(400, 'InvalidParameter', `Required parameter 'osProfile.${field}' is missing (null).`);
      }
    }
    if (reservedAdminUsernames.has(String(osProfile['adminUsername']).toLowerCase())) {
      throw azureApiError(400, 'InvalidParameter', `The Admin Username specified is not allowed: '${String(osProfile['adminUsername'])}' is reserved. Target: 'adminUsername'.`);
    }
    const linux = recordOf(osProfile['linuxConfiguration']) ?? {};
    const keys = arrayOf(recordOf(linux['ssh'])?.['publicKeys']);
    for (const [index, key] of keys.entries()) {
      if (typeof key['keyData'] !== 'string' || !/^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/]+=*( .*)?$/.test(key['keyData'].trim())) {
        throw azureApiError(400, 'InvalidParameter', `The value of parameter linuxConfiguration.ssh.publicKeys[${index}].keyData is invalid: expected an OpenSSH public key.`);
      }
      // Azure takes RSA and Ed25519 keys for Linux VMs; an ECDSA key is refused at create time.
      if (key['keyData'].trim().startsWith('ecdsa-')) {
        throw azureApiError(400, 'InvalidParameter', `The value of parameter linuxConfiguration.ssh.publicKeys[${index}].keyData is invalid: ECDSA keys are not supported; use an RSA key of 2048 bits or more, or an Ed25519 key.`);
      }
    }
    if (keys.length === 0 && typeof osProfile['adminPassword'] !== 'string') {
      throw azureApiError(400, 'InvalidParameter', "Required parameter 'adminPassword' is missing (null): give a password or an SSH public key.");
    }
  }
}
