/**
 * The state one emulated Resource Manager shares between its request handlers:
 * the subscription, the catalogue of sizes and images it offers, the resource
 * helpers over the framework's store (ARM ids compare without regard to case)
 * and the address allocators.
 */
import type { StoredResource } from '../store/stored-resource.js';
import type { EmulatorRuntime } from '../runtime/emulator-runtime.js';
import { azureApiError } from './azure-api-error.js';
import { AzureLongRunningOperations } from './azure-long-running-operations.js';
import { azureResourceKey, formatAzureResourceId, parseAzureResourceId } from './azure-resource-path.js';
import { azureResourceGroupKind, azureResourceTypeOf, type AzureResourceType } from './azure-resource-types.js';

export interface AzureMarketplaceImage {
  publisher: string;
  offer: string;
  sku: string;
}

export interface AzureEmulatorSettings {
  subscriptionId: string;
  /** VM sizes on offer; any other answers 409 SkuNotAvailable. */
  vmSizes: readonly string[];
  /** Marketplace images on offer (any version, or `latest`); any other answers 404 PlatformImageNotFound. */
  marketplaceImages: readonly AzureMarketplaceImage[];
  /** Custom or gallery image ids that exist; any other image id answers 404 ImageNotFound. */
  imageIds: readonly string[];
  /** Availability zones of every location. */
  zones: readonly string[];
  /** Emulated milliseconds a network write or delete takes. */
  networkOperationMilliseconds: number;
  /** Items per page of a list answer (the rest behind nextLink). */
  listPageSize: number;
}

/** The attributes every stored ARM resource carries. */
export interface AzureResourceAttributes {
  armId: string;
  name: string;
  type: string;
  location: string;
  /** Lower-case resource group name. */
  resourceGroup: string;
  /** Store key of the parent (a subnet's virtual network). */
  parentKey?: string;
  properties: Record<string, unknown>;
  provisioningState: string;
  zones?: string[];
  [extra: string]: unknown;
}

export function attributesOf(resource: StoredResource): AzureResourceAttributes {
  return resource.attributes as AzureResourceAttributes;
}

export class AzureEmulatorContext {
  readonly runtime: EmulatorRuntime;
  readonly settings: AzureEmulatorSettings;
  readonly operations: AzureLongRunningOperations;
  private publicAddressCount = 0;
  private readonly privateAddressCounts = new Map<string, number>();
  private macCount = 0;

  constructor(runtime: EmulatorRuntime, settings: AzureEmulatorSettings) {
    this.runtime = runtime;
    this.settings = settings;
    this.operations = new AzureLongRunningOperations({ clock: runtime.clock, subscriptionId: settings.subscriptionId });
  }

  get store() {
    return this.runtime.store;
  }

  requireSubscription(subscriptionId: string): void {
    if (subscriptionId.toLowerCase() !== this.settings.subscriptionId.toLowerCase()) {
      throw azureApiError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
    }
  }

  resourceGroupId(name: string): string {
    return formatAzureResourceId({ subscriptionId: this.settings.subscriptionId, resourceGroupName: name });
  }

  resourceGroup(name: string): StoredResource | undefined {
    const group = this.store.get(azureResourceGroupKind, azureResourceKey(this.resourceGroupId(name)), { consistent: true });
    return group !== undefined && group.state !== 'deleting' ? group : undefined;
  }

  requireResourceGroup(name: string): StoredResource {
    const group = this.resourceGroup(name);
    if (group === undefined) throw azureApiError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
    return group;
  }

  resourceId(type: AzureResourceType, resourceGroupName: string, parentNames: readonly string[], name: string): string {
    return formatAzureResourceId({
      subscriptionId: this.settings.subscriptionId,
      resourceGroupName,
      resourceType: type.type,
      parentNames,
      name,
    });
  }

  /** A live resource by its ARM id; GETs by id are consistent in ARM (read your writes), lists are not. */
  findById(armId: string): StoredResource | undefined {
    const parsed = parseAzureResourceId(armId);
    if (parsed === undefined) return undefined;
    const type = azureResourceTypeOf(parsed.resourceType);
    if (type === undefined) return undefined;
    return this.store.get(type.kind, azureResourceKey(armId), { consistent: true });
  }

  /** Resolves a reference inside a request body (`{ id }`), or answers 400 naming the field. */
  requireReference(reference: unknown, expectedType: string, field: string): StoredResource {
    const id = typeof reference === 'object' && reference !== null ? (reference as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') throw azureApiError(400, 'InvalidParameter', `The value of parameter ${field}.id is missing.`);
    const parsed = parseAzureResourceId(id);
    if (parsed === undefined || parsed.resourceType.toLowerCase() !== expectedType.toLowerCase()) {
      throw azureApiError(400, 'InvalidResourceReference', `Resource ${id} referenced by ${field} is not a ${expectedType}.`);
    }
    const found = this.findById(id);
    if (found === undefined) {
      throw azureApiError(400, 'InvalidResourceReference', `Resource ${id} referenced by ${field} was not found.`);
    }
    return found;
  }

  /** Live resources of a kind in one resource group (a list: subject to the eventual-consistency window). */
  listInGroup(kind: string, resourceGroupName: string, options: { consistent?: boolean; parentKey?: string } = {}): StoredResource[] {
    const group = resourceGroupName.toLowerCase();
    return this.store
      .list({ kind, ...(options.consistent ? { consistent: true } : {}) })
      .filter(
        (resource) =>
          attributesOf(resource).resourceGroup === group &&
          (options.parentKey === undefined || attributesOf(resource).parentKey === options.parentKey),
      );
  }

  allocatePublicAddress(): string {
    this.publicAddressCount += 1;
    const count = this.publicAddressCount;
    return `20.${(count >> 16) & 255}.${(count >> 8) & 255}.${count & 255}`;
  }

  /** The next free private address of a subnet; Azure keeps the first four of every subnet. */
  allocatePrivateAddress(subnet: StoredResource): string {
    const prefix = String(attributesOf(subnet).properties['addressPrefix'] ?? '10.0.0.0/24');
    const [address = '10.0.0.0'] = prefix.split('/');
    const base = address.split('.').reduce((total, part) => total * 256 + Number(part), 0);
    const used = (this.privateAddressCounts.get(subnet.id) ?? 0) + 1;
    this.privateAddressCounts.set(subnet.id, used);
    const value = base + 3 + used;
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
  }

  allocateMacAddress(): string {
    this.macCount += 1;
    const hex = this.macCount.toString(16).padStart(6, '0').toUpperCase();
    return `00-0D-3A-${hex.slice(0, 2)}-${hex.slice(2, 4)}-${hex.slice(4, 6)}`;
  }
}
