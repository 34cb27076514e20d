/**
 * Eventual consistency: a new instance stays invisible to describe/list for a
 * while, and the provider still makes no duplicate and leaks nothing.
 */
import type { ConformanceCheck } from './conformance-check.js';
import { ensure, listOf } from './ensure.js';
import { isClusterScoped } from '../harness/conformance-harness.js';

export const eventualConsistencyChecks: readonly ConformanceCheck[] = [
  {
    group: 'eventual-consistency',
    id: 'no-duplicate',
    title: 'a new instance invisible to reads for a while still yields no duplicate',
    run: async (harness, tools) => {
      const window = tools.options.consistencyWindowMilliseconds ?? 10_000;
      harness.requireFault('eventualConsistency').eventualConsistency({ invisibleForMilliseconds: window });
      const first = await harness.create();
      // The controller asks, may hear "no", and creates again, as it would after losing its status write.
      await harness.exists().catch(() => undefined);
      const { providerID: _unknown, ...spec } = harness.machine.spec;
      harness.machine = { ...harness.machine, spec };
      const second = await harness.create();
      ensure(second.providerID === first.providerID, `create returned ${second.providerID} inside the window, ${first.providerID} before`);
      const instances = harness.liveMachineInstances();
      ensure(instances.length === 1, () => `inside the consistency window the cloud gained ${listOf(instances)}; expected one instance`);
    },
  },
  {
    group: 'eventual-consistency',
    id: 'delete-inside-window',
    title: 'delete right after create, while the instance is still invisible, leaves nothing behind',
    run: async (harness, tools) => {
      const window = tools.options.consistencyWindowMilliseconds ?? 10_000;
      const before = new Set(harness.liveResources().map((resource) => `${resource.kind}/${resource.id}`));
      harness.requireFault('eventualConsistency').eventualConsistency({ invisibleForMilliseconds: window });
      await harness.create();
      await harness.deleteUntilGone();
      harness.emulator.faults.eventualConsistency?.(false);
      await harness
        .waitUntil('the cloud has finished terminating', () =>
          harness.emulator.inspect.instances().every((instance) => instance.state !== 'terminating'),
        )
        .catch(() => undefined);
      const left = harness
        .liveResources()
        .filter((resource) => !before.has(`${resource.kind}/${resource.id}`) && !isClusterScoped(resource, harness.cluster, harness.machine));
      ensure(left.length === 0, () => `delete inside the consistency window answered gone, yet these remain: ${listOf(left)}`);
    },
  },
];
