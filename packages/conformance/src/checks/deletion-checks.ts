/**
 * Deletion: the instance and everything created for it (disks, network
 * interfaces, addresses) are gone once delete answers gone and the cloud has
 * finished terminating. Judged by the side door, against a snapshot taken
 * before create, so untagged leftovers count too.
 */
import type { ConformanceCheck } from './conformance-check.js';
import { ensure, listOf } from './ensure.js';
import { isClusterScoped } from '../harness/conformance-harness.js';
import { createUntilRunning } from './new-resources.js';

export const deletionChecks: readonly ConformanceCheck[] = [
  {
    group: 'deletion',
    id: 'nothing-left',
    title: 'delete removes the instance and everything it owns',
    run: async (harness) => {
      const { created, newSinceBeforeCreate } = await createUntilRunning(harness);
      await harness.deleteUntilGone();
      await harness.waitUntil('the cloud has finished terminating', () =>
        harness.emulator.inspect.instances().every((instance) => instance.state !== 'terminating'),
      ).catch(() => undefined);
      const left = newSinceBeforeCreate().filter((resource) => !isClusterScoped(resource, harness.cluster, harness.machine));
      ensure(left.length === 0, () => `after delete answered gone and the cloud settled, these remain: ${listOf(left)}`);
      const instanceIds = new Set(created.filter((resource) => resource.kind === 'instance').map((resource) => resource.id));
      const owned = harness.emulator.inspect.resources().filter((resource) => resource.ownerId !== undefined && instanceIds.has(resource.ownerId));
      ensure(owned.length === 0, () => `resources owned by the deleted instance remain: ${listOf(owned)}`);
    },
  },
  {
    group: 'deletion',
    id: 'unknown-provider-id',
    title: 'a Machine whose providerID the cloud no longer knows: exists is false and delete answers gone',
    run: async (harness, tools) => {
      // A real providerID from another (fresh) cloud: well formed, but unknown to this one.
      const elsewhere = await tools.open();
      const { providerID } = await elsewhere.create();
      await elsewhere.close();
      harness.machine = { ...harness.machine, spec: { ...harness.machine.spec, providerID } };
      const found = await harness.exists();
      ensure(!found.exists, `exists answered true for ${providerID}, which this cloud never held`);
      const result = await harness.delete();
      ensure(result.gone, `delete did not answer gone for ${providerID}, which this cloud never held`);
    },
  },
];
