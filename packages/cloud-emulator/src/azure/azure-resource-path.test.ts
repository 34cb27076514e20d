import { describe, expect, it } from 'vitest';
import { formatAzureResourceId, parseAzureResourcePath } from './azure-resource-path.js';

describe('ARM paths', () => {
  it('reads resource groups whatever the casing of the segment', () => {
    expect(parseAzureResourcePath('/subscriptions/s1/resourcegroups/rg')).toEqual({ form: 'resource-group', subscriptionId: 's1', resourceGroupName: 'rg' });
    expect(parseAzureResourcePath('/subscriptions/s1/resourceGroups/rg')).toEqual({ form: 'resource-group', subscriptionId: 's1', resourceGroupName: 'rg' });
    expect(parseAzureResourcePath('/SUBSCRIPTIONS/s1/RESOURCEGROUPS')).toEqual({ form: 'resource-group-collection', subscriptionId: 's1' });
  });

  it('reads child resources and collections', () => {
    expect(parseAzureResourcePath('/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/a')).toEqual({
      form: 'resource',
      subscriptionId: 's',
      resourceGroupName: 'g',
      resourceType: 'Microsoft.Network/virtualNetworks/subnets',
      parentNames: ['v'],
      name: 'a',
    });
    expect(parseAzureResourcePath('/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines')).toMatchObject({
      form: 'resource-collection',
      resourceType: 'Microsoft.Compute/virtualMachines',
    });
  });

  it('reads the operation URLs it hands out and refuses the rest', () => {
    expect(parseAzureResourcePath('/subscriptions/s/providers/Microsoft.Compute/locations/westeurope/operations/abc')).toEqual({
      form: 'operation-status',
      subscriptionId: 's',
      namespace: 'Microsoft.Compute',
      operationId: 'abc',
    });
    expect(parseAzureResourcePath('/subscriptions/s/providers/Microsoft.Compute/locations/westeurope/operationResults/abc').form).toBe('operation-result');
    expect(parseAzureResourcePath('/tenants').form).toBe('unknown');
  });

  it('formats ids that parse back', () => {
    const id = formatAzureResourceId({ subscriptionId: 's', resourceGroupName: 'g', resourceType: 'Microsoft.Network/virtualNetworks/subnets', parentNames: ['v'], name: 'a' });
    expect(id).toBe('/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/a');
  });
});
