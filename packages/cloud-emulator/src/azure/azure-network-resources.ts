/**
 * Microsoft.Network as the emulator serves it: virtual networks and their
 * subnets, network security groups, public IP addresses, network interfaces
 * and load balancers. Writes are long-running (done after
 * `networkOperationMilliseconds`); deletes refuse what is still in use with
 * the codes Azure answers (NicInUse, PublicIPAddressInUse,
 * InUseSubnetCannotBeDeleted, InUseNetworkSecurityGroupCannotBeDeleted), which
 * is what makes a provider delete in dependency order.
 */
import type { StoredResource } from '../store/stored-resource.js';
import { azureApiError } from './azure-api-error.js';
import { attributesOf, type AzureEmulatorContext } from './azure-emulator-context.js';
import type { AzureLongRunningOperation } from './azure-long-running-operations.js';
import { arrayOf, readResourceBody, recordOf, requireResourceName } from './azure-resource-body.js';
import { azureResourceKey } from './azure-resource-path.js';
import { azureResourceTypeOf, type AzureResourceType } from './azure-resource-types.js';

export interface AzureWriteOutcome {
  resource: StoredResource;
  operation?: AzureLongRunningOperation;
  created: boolean;
}

export interface AzureResourceAddress {
  resourceGroupName: string;
  parentNames: string[];
  name: string;
  type: AzureResourceType;
}

const securityRuleDirections = ['Inbound', 'Outbound'];
const securityRuleAccesses = ['Allow', 'Deny'];
const securityRuleProtocols = ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', '*'];

function withChildIds(parentId: string, collection: string, items: Record<string, unknown>[]): Record<string, unknown>[] {
  return items.map((item) => {
    const name = typeof item['name'] === 'string' ? item['name'] : '';
    if (name === '') throw azureApiError(400, 'InvalidRequestFormat', `Every item of ${collection} needs a name.`);
    return { ...item, id: `${parentId}/${collection}/${name}`, properties: { ...recordOf(item['properties']), provisioningState: 'Succeeded' } };
  });
}

/** Creates or replaces a network resource; the work is a long-running operation. */
export function putNetworkResource(context: AzureEmulatorContext, address: AzureResourceAddress, body: unknown): AzureWriteOutcome {
  const group = context.requireResourceGroup(address.resourceGroupName);
  const isSubnet = address.type.kind === 'subnet';
  const input = readResourceBody(body, { locationOptional: isSubnet });
  requireResourceName(address.name, address.type.type);
  const armId = context.resourceId(address.type, address.resourceGroupName, address.parentNames, address.name);
  const key = azureResourceKey(armId);
  const existing = context.store.get(address.type.kind, key, { consistent: true });
  let parentKey: string | undefined;
  let location = input.location;
  if (isSubnet) {
    const virtualNetworkType = azureResourceTypeOf('Microsoft.Network/virtualNetworks')!;
    const virtualNetworkId = context.resourceId(virtualNetworkType, address.resourceGroupName, [], address.parentNames[0] ?? '');
    const virtualNetwork = context.findById(virtualNetworkId);
    if (virtualNetwork === undefined) throw azureApiError(404, 'ResourceNotFound', `The Resource '${virtualNetworkType.type}/${address.parentNames[0]}' under resource group '${address.resourceGroupName}' was not found.`);
    parentKey = virtualNetwork.id;
    location = attributesOf(virtualNetwork).location;
  }
  const properties = checkNetworkProperties(context, address, armId, input.properties, existing);
  if (existing === undefined && location === '') location = attributesOf(group).location;

  let resource: StoredResource;
  if (existing !== undefined) {
    existing.tags = { ...input.tags };
    Object.assign(attributesOf(existing), { properties, provisioningState: 'Updating', ...(input.zones ? { zones: input.zones } : {}) });
    resource = existing;
  } else {
    resource = context.store.create({
      kind: address.type.kind,
      id: key,
      tags: input.tags,
      attributes: {
        armId,
        name: address.name,
        type: address.type.type,
        location,
        resourceGroup: address.resourceGroupName.toLowerCase(),
        properties,
        provisioningState: 'Updating',
        ...(parentKey !== undefined ? { parentKey } : {}),
        ...(input.zones ? { zones: input.zones } : {}),
        ...(address.type.kind === 'network-interface' ? { macAddress: context.allocateMacAddress() } : {}),
      },
    });
  }
  if (address.type.kind === 'virtual-network') replaceSubnets(context, resource, address, recordOf(input.raw['properties'])?.['subnets']);
  const operation = context.operations.start(address.type.namespace, location, context.settings.networkOperationMilliseconds);
  context.operations.completeAfter(operation, context.settings.networkOperationMilliseconds, () => {
    attributesOf(resource).provisioningState = 'Succeeded';
  });
  return { resource, operation, created: existing === undefined };
}

function checkNetworkProperties(
  context: AzureEmulatorContext,
  address: AzureResourceAddress,
  armId: string,
  properties: Record<string, unknown>,
  existing: StoredResource | undefined,
): Record<string, unknown> {
  switch (address.type.kind) {
    case 'virtual-network': {
      const prefixes = recordOf(properties['addressSpace'])?.['addressPrefixes'];
      if (!Array.isArray(prefixes) || prefixes.length === 0 || prefixes.some((prefix) => !isCidr(prefix))) {
        throw azureApiError(400, 'InvalidAddressPrefixFormat', 'properties.addressSpace.addressPrefixes must hold at least one CIDR block such as 10.0.0.0/16.');
      }
      const { subnets: _subnets, ...rest } = properties;
      return rest;
    }
    case 'subnet':
      return checkSubnet(context, properties, `properties`);
    case 'network-security-group': {
      const rules = withChildIds(armId, 'securityRules', arrayOf(properties['securityRules']));
      const priorities = new Set<string>();
      for (const rule of rules) {
        const ruleProperties = recordOf(rule['properties']) ?? {};
        const field = `securityRules[${String(rule['name'])}]`;
        const priority = ruleProperties['priority'];
        if (typeof priority !== 'number' || priority < 100 || priority > 4096) {
          throw azureApiError(400, 'SecurityRuleInvalidPriority', `${field}: priority must be between 100 and 4096, got ${String(priority)}.`);
        }
        const direction = String(ruleProperties['direction']);
        if (priorities.has(`${direction}/${priority}`)) {
          throw azureApiError(400, 'SecurityRulesWithSamePriority', `${field}: another ${direction} rule has priority ${priority}.`);
        }
        priorities.add(`${direction}/${priority}`);
        for (const [name, allowed] of [
          ['direction', securityRuleDirections],
          ['access', securityRuleAccesses],
          ['protocol', securityRuleProtocols],
        ] as const) {
          if (!allowed.includes(String(ruleProperties[name]))) {
            throw azureApiError(400, 'InvalidRequestFormat', `${field}: ${name} must be one of ${allowed.join(', ')}, got ${String(ruleProperties[name])}.`);
          }
        }
      }
      return { ...properties, securityRules: rules };
    }
    case 'public-ip-address': {
      const method = properties['publicIPAllocationMethod'] ?? 'Dynamic';
      if (method !== 'Static' && method !== 'Dynamic') {
        throw azureApiError(400, 'InvalidRequestFormat', `publicIPAllocationMethod must be Static or Dynamic, got ${String(method)}.`);
      }
      const deleteOption = properties['deleteOption'];
      if (deleteOption !== undefined && deleteOption !== 'Delete' && deleteOption !== 'Detach') {
        throw azureApiError(400, 'InvalidRequestFormat', `deleteOption must be Delete or Detach, got ${String(deleteOption)}.`);
      }
      const ipAddress = existing ? attributesOf(existing).properties['ipAddress'] : context.allocatePublicAddress();
      return { ...properties, publicIPAllocationMethod: method, ipAddress, publicIPAddressVersion: 'IPv4' };
    }
    case 'network-interface': {
      const configurations = arrayOf(properties['ipConfigurations']);
      if (configurations.length === 0) {
        throw azureApiError(400, 'NetworkInterfaceMustHaveAtLeastOneIpConfiguration', 'A network interface needs at least one IP configuration.');
      }
      const previous = new Map(
        arrayOf(existing ? attributesOf(existing).properties['ipConfigurations'] : []).map((item) => [String(item['name']).toLowerCase(), item]),
      );
      const checked = withChildIds(armId, 'ipConfigurations', configurations).map((configuration, index) => {
        const ipProperties = { ...recordOf(configuration['properties']) };
        const field = `ipConfigurations[${index}]`;
        const subnet = context.requireReference(ipProperties['subnet'], 'Microsoft.Network/virtualNetworks/subnets', `${field}.properties.subnet`);
        ipProperties['subnet'] = { id: attributesOf(subnet).armId };
        if (ipProperties['publicIPAddress'] !== undefined) {
          const address = context.requireReference(ipProperties['publicIPAddress'], 'Microsoft.Network/publicIPAddresses', `${field}.properties.publicIPAddress`);
          const user = publicAddressUser(context, address);
          if (user !== undefined && !user.startsWith(armId.toLowerCase())) {
            throw azureApiError(400, 'PublicIPAddressInUse', `Public IP address ${attributesOf(address).armId} is already used by ${user}.`);
          }
          ipProperties['publicIPAddress'] = { id: attributesOf(address).armId };
        }
        for (const pool of arrayOf(ipProperties['loadBalancerBackendAddressPools'])) requireBackendPool(context, pool, `${field}.properties.loadBalancerBackendAddressPools`);
        const before = recordOf(previous.get(String(configuration['name']).toLowerCase())?.['properties']);
        ipProperties['privateIPAddress'] = before?.['privateIPAddress'] ?? ipProperties['privateIPAddress'] ?? context.allocatePrivateAddress(subnet);
        ipProperties['privateIPAllocationMethod'] ??= 'Dynamic';
        ipProperties['primary'] = index === 0;
        ipProperties['provisioningState'] = 'Succeeded';
        return { ...configuration, properties: ipProperties };
      });
      if (properties['networkSecurityGroup'] !== undefined) {
        context.requireReference(properties['networkSecurityGroup'], 'Microsoft.Network/networkSecurityGroups', 'properties.networkSecurityGroup');
      }
      return { ...properties, ipConfigurations: checked };
    }
    case 'load-balancer': {
      const frontends = withChildIds(armId, 'frontendIPConfigurations', arrayOf(properties['frontendIPConfigurations'])).map((frontend, index) => {
        const frontendProperties = recordOf(frontend['properties']) ?? {};
        if (frontendProperties['publicIPAddress'] !== undefined) {
          const address = context.requireReference(frontendProperties['publicIPAddress'], 'Microsoft.Network/publicIPAddresses', `frontendIPConfigurations[${index}].properties.publicIPAddress`);
          const user = publicAddressUser(context, address);
          if (user !== undefined && !user.startsWith(armId.toLowerCase())) {
            throw azureApiError(400, 'PublicIPAddressInUse', `Public IP address ${attributesOf(address).armId} is already used by ${user}.`);
          }
        } else if (frontendProperties['subnet'] !== undefined) {
          context.requireReference(frontendProperties['subnet'], 'Microsoft.Network/virtualNetworks/subnets', `frontendIPConfigurations[${index}].properties.subnet`);
        } else {
          throw azureApiError(400, 'InvalidRequestFormat', `frontendIPConfigurations[${index}] needs a publicIPAddress or a subnet.`);
        }
        return frontend;
      });
      const childIds = new Set<string>(frontends.map((frontend) => String(frontend['id']).toLowerCase()));
      const pools = withChildIds(armId, 'backendAddressPools', arrayOf(properties['backendAddressPools']));
      const probes = withChildIds(armId, 'probes', arrayOf(properties['probes']));
      for (const item of [...pools, ...probes]) childIds.add(String(item['id']).toLowerCase());
      const rules = withChildIds(armId, 'loadBalancingRules', arrayOf(properties['loadBalancingRules']));
      for (const rule of rules) {
        const ruleProperties = recordOf(rule['properties']) ?? {};
        for (const field of ['frontendIPConfiguration', 'backendAddressPool', 'probe']) {
          const reference = recordOf(ruleProperties[field])?.['id'];
          if (reference === undefined && field === 'probe') continue;
          if (typeof reference !== 'string' || !childIds.has(reference.toLowerCase())) {
            throw azureApiError(400, 'InvalidResourceReference', `loadBalancingRules[${String(rule['name'])}].properties.${field} must name one of this load balancer's ${field}s, got ${String(reference)}.`);
          }
        }
      }
      return { ...properties, frontendIPConfigurations: frontends, backendAddressPools: pools, probes, loadBalancingRules: rules };
    }
    default:
      return properties;
  }
}

function checkSubnet(context: AzureEmulatorContext, properties: Record<string, unknown>, field: string): Record<string, unknown> {
  if (!isCidr(properties['addressPrefix'])) {
    throw azureApiError(400, 'InvalidAddressPrefixFormat', `${field}.addressPrefix must be a CIDR block such as 10.0.1.0/24, got ${String(properties['addressPrefix'])}.`);
  }
  if (properties['networkSecurityGroup'] !== undefined) {
    const group = context.requireReference(properties['networkSecurityGroup'], 'Microsoft.Network/networkSecurityGroups', `${field}.networkSecurityGroup`);
    return { ...properties, networkSecurityGroup: { id: attributesOf(group).armId } };
  }
  return properties;
}

/** A virtual network's PUT carries its whole subnet list: subnets missing from it are deleted, unless in use. */
function replaceSubnets(context: AzureEmulatorContext, virtualNetwork: StoredResource, address: AzureResourceAddress, subnets: unknown): void {
  const subnetType = azureResourceTypeOf('Microsoft.Network/virtualNetworks/subnets')!;
  const wanted = arrayOf(subnets);
  const wantedKeys = new Set<string>();
  for (const subnet of wanted) {
    const name = typeof subnet['name'] === 'string' ? subnet['name'] : '';
    requireResourceName(name, subnetType.type);
    const armId = context.resourceId(subnetType, address.resourceGroupName, [address.name], name);
    const key = azureResourceKey(armId);
    wantedKeys.add(key);
    const properties = checkSubnet(context, { ...recordOf(subnet['properties']) }, `properties.subnets[${name}].properties`);
    const existing = context.store.get('subnet', key, { consistent: true });
    if (existing !== undefined) {
      attributesOf(existing).properties = properties;
      continue;
    }
    context.store.create({
      kind: 'subnet',
      id: key,
      attributes: {
        armId,
        name,
        type: subnetType.type,
        location: attributesOf(virtualNetwork).location,
        resourceGroup: address.resourceGroupName.toLowerCase(),
        parentKey: virtualNetwork.id,
        properties,
        provisioningState: 'Succeeded',
      },
    });
  }
  for (const subnet of context.listInGroup('subnet', address.resourceGroupName, { consistent: true, parentKey: virtualNetwork.id })) {
    if (wantedKeys.has(subnet.id)) continue;
    const user = subnetUser(context, subnet);
    if (user !== undefined) {
      throw azureApiError(400, 'InUseSubnetCannotBeDeleted', `Subnet ${attributesOf(subnet).name} is in use by ${user} and cannot be deleted.`);
    }
    context.store.remove('subnet', subnet.id);
  }
}

function requireBackendPool(context: AzureEmulatorContext, pool: Record<string, unknown>, field: string): void {
  const id = typeof pool['id'] === 'string' ? pool['id'] : '';
  const match = /^(.*\/providers\/Microsoft\.Network\/loadBalancers\/[^/]+)\/backendAddressPools\/([^/]+)$/i.exec(id);
  const balancer = match ? context.findById(match[1]!) : undefined;
  const known = arrayOf(balancer ? attributesOf(balancer).properties['backendAddressPools'] : []).some(
    (item) => String(item['id']).toLowerCase() === id.toLowerCase(),
  );
  if (!known) throw azureApiError(400, 'InvalidResourceReference', `Backend address pool ${id} referenced by ${field} was not found.`);
}

function referencesTo(value: unknown, targetKey: string): boolean {
  if (Array.isArray(value)) return value.some((item) => referencesTo(item, targetKey));
  const record = recordOf(value);
  if (record === undefined) return false;
  if (typeof record['id'] === 'string' && record['id'].toLowerCase() === targetKey && Object.keys(record).length === 1) return true;
  return Object.values(record).some((item) => referencesTo(item, targetKey));
}

/** The ARM id (lower case) of whatever uses a resource through an `{ id }` reference, if anything does. */
function userOf(context: AzureEmulatorContext, target: StoredResource, kinds: readonly string[]): string | undefined {
  for (const kind of kinds) {
    for (const candidate of context.store.list({ kind, consistent: true })) {
      if (candidate.id !== target.id && referencesTo(attributesOf(candidate).properties, target.id)) return candidate.id;
    }
  }
  return undefined;
}

function publicAddressUser(context: AzureEmulatorContext, address: StoredResource): string | undefined {
  return userOf(context, address, ['network-interface', 'load-balancer']);
}

function subnetUser(context: AzureEmulatorContext, subnet: StoredResource): string | undefined {
  return userOf(context, subnet, ['network-interface', 'load-balancer']);
}

/** Deletes a network resource, or refuses with Azure's in-use error. Undefined operation: nothing was there. */
export function deleteNetworkResource(context: AzureEmulatorContext, address: AzureResourceAddress): AzureLongRunningOperation | undefined {
  const armId = context.resourceId(address.type, address.resourceGroupName, address.parentNames, address.name);
  const resource = context.store.get(address.type.kind, azureResourceKey(armId), { consistent: true });
  if (resource === undefined) return undefined;
  const name = attributesOf(resource).name;
  switch (address.type.kind) {
    case 'network-interface': {
      const machineKey = attributesOf(resource)['virtualMachineKey'];
      if (typeof machineKey === 'string' && context.store.get('instance', machineKey, { consistent: true }) !== undefined) {
        throw azureApiError(400, 'NicInUse', `Network Interface ${armId} is used by existing resource ${machineKey}. In order to delete the network interface, it must be dissociated from the resource.`);
      }
      break;
    }
    case 'public-ip-address': {
      const user = publicAddressUser(context, resource);
      if (user !== undefined) throw azureApiError(400, 'PublicIPAddressInUse', `Public IP address ${name} cannot be deleted since it is still allocated to resource ${user}.`);
      break;
    }
    case 'subnet': {
      const user = subnetUser(context, resource);
      if (user !== undefined) throw azureApiError(400, 'InUseSubnetCannotBeDeleted', `Subnet ${name} is in use by ${user} and cannot be deleted.`);
      break;
    }
    case 'virtual-network': {
      for (const subnet of context.listInGroup('subnet', address.resourceGroupName, { consistent: true, parentKey: resource.id })) {
        const user = subnetUser(context, subnet);
        if (user !== undefined) throw azureApiError(400, 'InUseSubnetCannotBeDeleted', `Subnet ${attributesOf(subnet).name} is in use by ${user} and cannot be deleted.`);
      }
      for (const subnet of context.listInGroup('subnet', address.resourceGroupName, { consistent: true, parentKey: resource.id })) context.store.remove('subnet', subnet.id);
      break;
    }
    case 'network-security-group': {
      const user = userOf(context, resource, ['subnet', 'network-interface']);
      if (user !== undefined) throw azureApiError(400, 'InUseNetworkSecurityGroupCannotBeDeleted', `Network security group ${armId} cannot be deleted because it is in use by ${user}.`);
      break;
    }
    default:
      break;
  }
  resource.state = 'deleted';
  context.store.remove(address.type.kind, resource.id);
  const operation = context.operations.start(address.type.namespace, attributesOf(resource).location, context.settings.networkOperationMilliseconds);
  context.operations.completeAfter(operation, context.settings.networkOperationMilliseconds);
  return operation;
}

/** The properties a GET answers, with what other resources contribute (subnets of a network, the VM of a NIC, pool members). */
export function renderNetworkProperties(context: AzureEmulatorContext, resource: StoredResource): Record<string, unknown> {
  const attributes = attributesOf(resource);
  const properties: Record<string, unknown> = { ...attributes.properties, provisioningState: attributes.provisioningState };
  switch (resource.kind) {
    case 'virtual-network':
      properties['subnets'] = context
        .listInGroup('subnet', attributes.resourceGroup, { consistent: true, parentKey: resource.id })
        .map((subnet) => ({ id: attributesOf(subnet).armId, name: attributesOf(subnet).name, type: attributesOf(subnet).type, properties: renderNetworkProperties(context, subnet) }));
      break;
    case 'subnet':
      properties['ipConfigurations'] = context.store
        .list({ kind: 'network-interface', consistent: true })
        .flatMap((networkInterface) => arrayOf(attributesOf(networkInterface).properties['ipConfigurations']))
        .filter((configuration) => String(recordOf(recordOf(configuration['properties'])?.['subnet'])?.['id']).toLowerCase() === resource.id)
        .map((configuration) => ({ id: configuration['id'] }));
      break;
    case 'network-interface': {
      const machineKey = attributes['virtualMachineKey'];
      const machine = typeof machineKey === 'string' ? context.store.get('instance', machineKey, { consistent: true }) : undefined;
      if (machine !== undefined) properties['virtualMachine'] = { id: attributesOf(machine).armId };
      properties['macAddress'] = attributes['macAddress'];
      properties['primary'] = true;
      break;
    }
    case 'load-balancer':
      properties['backendAddressPools'] = arrayOf(attributes.properties['backendAddressPools']).map((pool) => ({
        ...pool,
        properties: {
          ...recordOf(pool['properties']),
          backendIPConfigurations: context.store
            .list({ kind: 'network-interface', consistent: true })
            .flatMap((networkInterface) => arrayOf(attributesOf(networkInterface).properties['ipConfigurations']))
            .filter((configuration) => referencesTo(recordOf(configuration['properties'])?.['loadBalancerBackendAddressPools'], String(pool['id']).toLowerCase()))
            .map((configuration) => ({ id: configuration['id'] })),
        },
      }));
      break;
    case 'public-ip-address': {
      const user = publicAddressUser(context, resource);
      if (user !== undefined) properties['ipConfiguration'] = { id: user };
      break;
    }
    default:
      break;
  }
  return properties;
}

function isCidr(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  return match !== null && match.slice(1, 5).every((part) => Number(part) <= 255) && Number(match[5]) <= 32;
}
