/**
 * Ownership: every resource created for a Machine carries the cluster name, the
 * Machine name and the Machine UID as tag (or label) values, so orphan
 * collection can find it. Tag keys differ between clouds; the values must be there.
 */
import type { ConformanceCheck } from './conformance-check.js';
import { ensure, listOf } from './ensure.js';
import { carriesTagValues } from '../harness/conformance-harness.js';
import { createUntilRunning } from './new-resources.js';

export const ownershipChecks: readonly ConformanceCheck[] = [
  {
    group: 'ownership',
    id: 'tags',
    title: 'every created resource carries the cluster, machine and machine-UID tags',
    run: async (harness) => {
      const { created } = await createUntilRunning(harness);
      const values = [harness.cluster.metadata.name!, harness.machine.metadata.name!, harness.machine.metadata.uid!];
      const untagged = created.filter((resource) => !carriesTagValues(resource, values));
      ensure(
        untagged.length === 0,
        () => `these resources lack one of the ownership values ${values.join(', ')}: ${listOf(untagged)} (tags: ${untagged.map((resource) => JSON.stringify(resource.tags)).join('; ')})`,
      );
    },
  },
];
