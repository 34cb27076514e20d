/**
 * Basics: create, exists, update and delete do what they say, as seen through
 * the emulator's side door (never through the actuator reading its own writes).
 */
import type { ConformanceCheck } from './conformance-check.js';
import { ensure, listOf } from './ensure.js';

export const basicsChecks: readonly ConformanceCheck[] = [
  {
    group: 'basics',
    id: 'create',
    title: 'create makes exactly one instance for the Machine and returns its providerID',
    run: async (harness) => {
      const result = await harness.create();
      const instances = harness.liveMachineInstances();
      ensure(instances.length === 1, () => `expected 1 live instance tagged with the Machine UID, the cloud holds: ${listOf(instances)}`);
      const instance = instances[0]!;
      ensure(typeof result.providerID === 'string' && result.providerID.length > 0, 'create returned no providerID');
      ensure(
        result.providerID.toLowerCase().includes(instance.id.toLowerCase()),
        `providerID ${result.providerID} does not name the instance the cloud holds (${instance.id})`,
      );
      ensure(
        ['pending', 'running'].includes(result.instanceState),
        `create reported instanceState ${result.instanceState}; a new instance is pending or running`,
      );
    },
  },
  {
    group: 'basics',
    id: 'exists-after-create',
    title: 'exists finds the created instance with the same providerID',
    run: async (harness) => {
      const created = await harness.create();
      const found = await harness.exists();
      ensure(found.exists, 'exists answered false right after create returned');
      ensure(found.providerID === created.providerID, `exists returned providerID ${found.providerID}, create returned ${created.providerID}`);
    },
  },
  {
    group: 'basics',
    id: 'exists-never-created',
    title: 'exists is false for a Machine that was never created, and creates nothing',
    run: async (harness) => {
      const before = harness.liveResources().length;
      const found = await harness.exists();
      ensure(!found.exists, `exists answered true (${found.providerID}) for a Machine never created`);
      ensure(harness.liveResources().length === before, 'exists created resources in the cloud');
    },
  },
  {
    group: 'basics',
    id: 'update',
    title: 'update reconciles the same instance without creating another',
    run: async (harness) => {
      const created = await harness.create();
      const updated = await harness.update();
      ensure(updated.providerID === created.providerID, `update returned providerID ${updated.providerID}, create returned ${created.providerID}`);
      const instances = harness.liveMachineInstances();
      ensure(instances.length === 1, () => `after update the cloud holds ${listOf(instances)} for the Machine; expected exactly one`);
    },
  },
  {
    group: 'basics',
    id: 'delete',
    title: 'delete terminates the instance',
    run: async (harness) => {
      await harness.create();
      await harness.deleteUntilGone();
      ensure(
        harness.liveMachineInstances().length === 0,
        () => `delete answered gone but the cloud still runs ${listOf(harness.liveMachineInstances())}`,
      );
    },
  },
  {
    group: 'basics',
    id: 'exists-after-delete',
    title: 'exists is false once the instance is terminated',
    run: async (harness) => {
      await harness.create();
      await harness.deleteUntilGone();
      const uid = harness.machine.metadata.uid!;
      await harness.waitUntil('the instance is terminated', () =>
        harness.emulator.inspect
          .instances({ includeGone: true })
          .filter((instance) => Object.values(instance.tags).includes(uid))
          .every((instance) => instance.state === 'terminated' || instance.state === 'deleted'),
      );
      const found = await harness.exists();
      ensure(!found.exists, `exists answered true (state ${found.instanceState}) for a terminated instance`);
    },
  },
];
