/**
 * Eventual consistency: a new instance stays invisible to describe/list for a
 * while, and the provider still makes no duplicate and leaks nothing.
 */
import type { ConformanceHarness } from '../harness/conformance-harness.js';
import type { ConformanceCheck } from './conformance-check.js';
import { resourcesNewSinceNow } from './new-resources.js';
import { ensure, listOf } from './ensure.js';
import { isClusterScoped } from '../harness/conformance-harness.js';

/** Fails when the window had already closed at `moment`: the check would have tested nothing. */
function ensureInsideWindow(harness: ConformanceHarness, startedAt: number, window: number, moment: string): void {
  const elapsed = harness.context().clock.now() - startedAt;
  ensure(
    elapsed < window,
    `the ${window} ms consistency window had closed (${Math.round(elapsed)} ms passed) before ${moment}; raise consistencyWindowMilliseconds or slow the emulator clock, or this check tests nothing`,
  );
}

export const eventualConsistencyChecks: readonly ConformanceCheck[] = [
  {
    group: 'eventual-consistency',
    id: 'no-duplicate',
    title: 'a new instance invisible to reads for a while still yields no duplicate',
    run: async (harness, tools) => {
      const window = tools.options.consistencyWindowMilliseconds ?? 60_000;
      harness.requireFault('eventualConsistency').eventualConsistency({ invisibleForMilliseconds: window });
      const startedAt = harness.context().clock.now();
      const first = await harness.create();
      // The controller asks, may hear "no", and creates again, as it would after losing its status write.
      await harness.exists().catch(() => undefined);
      const { providerID: _unknown, ...spec } = harness.machine.spec;
      harness.machine = { ...harness.machine, spec };
      ensureInsideWindow(harness, startedAt, window, 'the second create');
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
      const window = tools.options.consistencyWindowMilliseconds ?? 60_000;
      const newSinceStart = resourcesNewSinceNow(harness);
      harness.requireFault('eventualConsistency').eventualConsistency({ invisibleForMilliseconds: window });
      const startedAt = harness.context().clock.now();
      await harness.create();
      ensureInsideWindow(harness, startedAt, window, 'delete');
      await harness.deleteUntilGone();
      harness.emulator.faults.eventualConsistency?.(false);
      await harness
        .waitUntil('the cloud has finished terminating', () =>
          harness.emulator.inspect.instances().every((instance) => instance.state !== 'terminating'),
        )
        .catch(() => undefined);
      const left = newSinceStart().filter((resource) => !isClusterScoped(resource, harness.cluster, harness.machine));
      ensure(left.length === 0, () => `delete inside the consistency window answered gone, yet these remain: ${listOf(left)}`);
    },
  },
];
