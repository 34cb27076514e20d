import type { VirtualMachine } from '@azure/arm-compute';
import type { ClockV1 } from '@slipway/core';
import { CoalescingDescriber } from '@slipway/provider-utils';
import type { AzureApiClient } from '../api/azure-api-client.js';
import { isAzureStatus, mapAzureError } from '../api/azure-error-mapper.js';

/**
 * `exists` and state for every machine of a resource group from one paginated
 * list of its VMs per interval, instead of a GET per machine. A group that does
 * not exist (yet, or any more) holds no VMs.
 */
export function createVirtualMachineDescriber(api: Pick<AzureApiClient, 'compute'>, options: { intervalMs: number; clock: ClockV1 }): CoalescingDescriber<VirtualMachine> {
  return new CoalescingDescriber<VirtualMachine>({
    intervalMs: options.intervalMs,
    clock: options.clock,
    keyOf: (machine) => machine.name?.toLowerCase(),
    listScope: async (resourceGroupName) => {
      const machines: VirtualMachine[] = [];
      try {
        for await (const machine of api.compute.virtualMachines.list(resourceGroupName)) machines.push(machine);
      } catch (error) {
        if (isAzureStatus(error, 404)) return [];
        throw mapAzureError(error, `list the virtual machines of resource group ${resourceGroupName}`);
      }
      return machines;
    },
  });
}
