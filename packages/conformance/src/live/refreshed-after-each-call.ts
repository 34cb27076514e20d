/**
 * For a side door over a real cloud, which cannot be told of changes: the
 * actuator with `refresh` awaited after each of its calls (whether the call
 * succeeded or threw), so what the kit inspects next is what the cloud answered
 * right after the provider acted.
 */
import type { MachineActuatorV1 } from '@slipway/core';

export function refreshedAfterEachCall(actuator: MachineActuatorV1, refresh: () => Promise<void>): MachineActuatorV1 {
  const after = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } finally {
      await refresh();
    }
  };
  const listOwnedInstances = actuator.listOwnedInstances?.bind(actuator);
  return {
    specificationVersion: 'v1',
    capabilities: actuator.capabilities,
    create: (request, context) => after(actuator.create(request, context)),
    update: (request, context) => after(actuator.update(request, context)),
    exists: (request, context) => after(actuator.exists(request, context)),
    delete: (request, context) => after(actuator.delete(request, context)),
    ...(listOwnedInstances ? { listOwnedInstances: (request, context) => after(listOwnedInstances(request, context)) } : {}),
  };
}
