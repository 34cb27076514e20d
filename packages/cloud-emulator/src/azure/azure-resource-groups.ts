/**
 * Resource groups (Microsoft.Resources): created and read synchronously; a
 * delete is long-running and takes everything inside with it, virtual machines
 * first (they go through their termination), then the rest, as Azure does.
 */
import type { StoredResource } from '../store/stored-resource.js';
import { azureApiError } from './azure-api-error.js';
import { attributesOf, type AzureEmulatorContext } from './azure-emulator-context.js';
import type { AzureLongRunningOperation } from './azure-long-running-operations.js';
import { readResourceBody } from './azure-resource-body.js';
import { azureResourceKey } from './azure-resource-path.js';
import { azureResourceGroupKind, azureResourceTypes } from './azure-resource-types.js';

export function putResourceGroup(context: AzureEmulatorContext, name: string, body: unknown): { resource: StoredResource; created: boolean } {
  const input = readResourceBody(body);
  if (!/^[-\w._()]{1,90}$/.test(name) || name.endsWith('.')) {
    throw azureApiError(400, 'InvalidResourceGroupName', `The resource group name '${name}' is invalid: up to 90 letters, digits, '-', '_', '.', '(' and ')', not ending in '.'.`);
  }
  const armId = context.resourceGroupId(name);
  const key = azureResourceKey(armId);
  const existing = context.store.get(azureResourceGroupKind, key, { consistent: true });
  if (existing?.state === 'deleting') {
    throw azureApiError(409, 'ResourceGroupBeingDeleted', `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`);
  }
  if (existing !== undefined) {
    if (attributesOf(existing).location.toLowerCase() !== input.location.toLowerCase()) {
      throw azureApiError(409, 'InvalidResourceGroupLocation', `Invalid resource group location '${input.location}'. The Resource group already exists in location '${attributesOf(existing).location}'.`);
    }
    existing.tags = { ...input.tags };
    return { resource: existing, created: false };
  }
  const resource = context.store.create({
    kind: azureResourceGroupKind,
    id: key,
    tags: input.tags,
    attributes: {
      armId,
      name,
      type: 'Microsoft.Resources/resourceGroups',
      location: input.location,
      resourceGroup: name.toLowerCase(),
      properties: {},
      provisioningState: 'Succeeded',
    },
  });
  return { resource, created: true };
}

export function renderResourceGroup(resource: StoredResource): Record<string, unknown> {
  const attributes = attributesOf(resource);
  return {
    id: attributes.armId,
    name: attributes.name,
    type: attributes.type,
    location: attributes.location,
    tags: { ...resource.tags },
    properties: { provisioningState: resource.state === 'deleting' ? 'Deleting' : 'Succeeded' },
  };
}

/** Starts deleting a group and all it holds; undefined when there is no such group. */
export function deleteResourceGroup(context: AzureEmulatorContext, name: string): AzureLongRunningOperation | undefined {
  const key = azureResourceKey(context.resourceGroupId(name));
  const group = context.store.get(azureResourceGroupKind, key, { consistent: true });
  if (group === undefined) return undefined;
  const existing = attributesOf(group)['deleteOperation'] as AzureLongRunningOperation | undefined;
  if (group.state === 'deleting' && existing !== undefined) return existing;
  group.state = 'deleting';
  const operation = context.operations.start('Microsoft.Resources', attributesOf(group).location, context.runtime.lifecycle.terminationDelayMilliseconds, 200);
  attributesOf(group)['deleteOperation'] = operation;
  const members = () =>
    azureResourceTypes.flatMap((type) => context.listInGroup(type.kind, name, { consistent: true }));
  for (const machine of context.listInGroup('instance', name, { consistent: true })) context.runtime.lifecycle.terminate(machine.id);
  const finish = () => {
    if (context.listInGroup('instance', name, { consistent: true }).length > 0) {
      context.runtime.clock.schedule(1000, finish);
      return;
    }
    for (const member of members()) {
      member.state = 'deleted';
      context.store.remove(member.kind, member.id);
    }
    context.store.remove(azureResourceGroupKind, key);
    context.operations.succeed(operation);
  };
  context.runtime.clock.schedule(context.settings.networkOperationMilliseconds, finish);
  return operation;
}
