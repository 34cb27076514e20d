import type { ActuatorContextV1, Cluster, Machine, MachineActuatorV1 } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { refreshedAfterEachCall } from './refreshed-after-each-call.js';

const request = { cluster: {} as Cluster, machine: {} as Machine };
const context = {} as ActuatorContextV1;

function recordingActuator(events: string[], options: { failExists?: boolean; listing?: boolean } = {}): MachineActuatorV1 {
  const result = { providerID: 'test:///1', addresses: [], instanceState: 'running' as const };
  return {
    specificationVersion: 'v1',
    capabilities: { orphanListing: options.listing ?? false, inPlaceUpdate: false },
    create: async () => (events.push('create'), result),
    update: async () => (events.push('update'), result),
    exists: async () => {
      events.push('exists');
      if (options.failExists) throw new Error('cloud said no');
      return { exists: true };
    },
    delete: async () => (events.push('delete'), { gone: true }),
    ...(options.listing ? { listOwnedInstances: async () => (events.push('list'), []) } : {}),
  };
}

describe('refreshedAfterEachCall', () => {
  it('refreshes after every call, before the caller sees the answer', async () => {
    const events: string[] = [];
    const wrapped = refreshedAfterEachCall(recordingActuator(events, { listing: true }), async () => {
      events.push('refresh');
    });
    await wrapped.create({ ...request, bootstrapData: { userData: '' } }, context);
    await wrapped.update(request, context);
    await wrapped.exists(request, context);
    await wrapped.delete(request, context);
    await wrapped.listOwnedInstances?.({ cluster: request.cluster }, context);
    expect(events).toEqual(['create', 'refresh', 'update', 'refresh', 'exists', 'refresh', 'delete', 'refresh', 'list', 'refresh']);
  });

  it('refreshes after a failed call too, and passes the failure on', async () => {
    const events: string[] = [];
    const wrapped = refreshedAfterEachCall(recordingActuator(events, { failExists: true }), async () => {
      events.push('refresh');
    });
    await expect(wrapped.exists(request, context)).rejects.toThrow('cloud said no');
    expect(events).toEqual(['exists', 'refresh']);
  });

  it('offers orphan listing only when the actuator does, with its capabilities unchanged', () => {
    const without = refreshedAfterEachCall(recordingActuator([]), async () => undefined);
    expect(without.listOwnedInstances).toBeUndefined();
    expect(without.capabilities).toEqual({ orphanListing: false, inPlaceUpdate: false });
  });
});
