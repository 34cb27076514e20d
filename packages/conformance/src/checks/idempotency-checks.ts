/**
 * Idempotency: whatever happened before (a second call, a lost reply, a crash
 * at any await inside create), retrying create yields one instance and leaks
 * nothing; deleting twice is fine.
 */
import type { ConformanceHarness } from '../harness/conformance-harness.js';
import type { CheckTools, ConformanceCheck } from './conformance-check.js';
import { ensure, listOf } from './ensure.js';
import { expectSlipwayError } from './expect-slipway-error.js';

/** A copy of the Machine as it was before create returned: the controller crashed before writing the providerID. */
function forgetProviderID(harness: ConformanceHarness): void {
  const { providerID: _forgotten, ...spec } = harness.machine.spec;
  harness.machine = { ...harness.machine, spec };
}

function sameCounts(left: Record<string, number>, right: Record<string, number>): boolean {
  const kinds = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...kinds].every((kind) => (left[kind] ?? 0) === (right[kind] ?? 0));
}

const crashAtEveryAwait = (phase: 'before-work' | 'after-work'): ConformanceCheck['run'] =>
  async (harness: ConformanceHarness, tools: CheckTools) => {
    harness.requireFault('interrupt');
    // The baseline: what one uninterrupted create leaves in a fresh cloud.
    await harness.create();
    const baseline = harness.liveResourceCounts();
    const maximum = tools.options.maximumCreateRequests ?? 40;
    for (let request = 1; request <= maximum; request += 1) {
      const attempt = await tools.open();
      try {
        const controller = new AbortController();
        let interrupted = false;
        attempt.requireFault('interrupt').interrupt({
          atRequest: request,
          phase,
          onInterrupt: () => {
            interrupted = true;
            controller.abort(new Error(`conformance: simulated crash at request ${request} (${phase})`));
          },
        });
        const firstTry = await attempt.create(controller.signal).then(
          () => undefined,
          (error: unknown) => error,
        );
        attempt.emulator.faults.interrupt?.(false);
        if (!interrupted) {
          ensure(firstTry === undefined, () => `create failed without any fault: ${String(firstTry)}`);
          ensure(request > 1, 'create made no request the emulator saw, so no crash could be tested');
          tools.report(`create made ${request - 1} requests; a crash ${phase === 'before-work' ? 'before' : 'after'} each of them was survived`);
          return;
        }
        // The controller restarts and, having recorded no providerID, calls create again.
        forgetProviderID(attempt);
        await attempt.create();
        const instances = attempt.liveMachineInstances();
        ensure(
          instances.length === 1,
          () => `after a crash at request ${request} (${phase}) and a retry, the cloud holds ${instances.length} instances for the Machine: ${listOf(instances)}`,
        );
        const counts = attempt.liveResourceCounts();
        ensure(
          sameCounts(counts, baseline),
          () => `after a crash at request ${request} (${phase}) and a retry, the cloud holds ${JSON.stringify(counts)}; one clean create leaves ${JSON.stringify(baseline)}: something leaked`,
        );
      } finally {
        await attempt.close();
      }
    }
    throw new Error(`create still had not completed after ${maximum} requests; raise maximumCreateRequests if that is expected`);
  };

export const idempotencyChecks: readonly ConformanceCheck[] = [
  {
    group: 'idempotency',
    id: 'create-twice',
    title: 'create called twice for one Machine yields one instance',
    run: async (harness) => {
      const first = await harness.create();
      const afterOne = harness.liveResourceCounts();
      forgetProviderID(harness);
      const second = await harness.create();
      ensure(second.providerID === first.providerID, `the second create returned ${second.providerID}, the first ${first.providerID}`);
      const instances = harness.liveMachineInstances();
      ensure(instances.length === 1, () => `two creates left ${listOf(instances)}; expected one instance`);
      const afterTwo = harness.liveResourceCounts();
      ensure(
        sameCounts(afterOne, afterTwo),
        () => `the second create added resources: the cloud held ${JSON.stringify(afterOne)} after one create and ${JSON.stringify(afterTwo)} after two`,
      );
    },
  },
  {
    group: 'idempotency',
    id: 'concurrent-create',
    title: 'two creates at once for one Machine (a controller handing over to another) yield one instance',
    run: async (harness) => {
      const request = { cluster: harness.cluster, machine: harness.machine, bootstrapData: { userData: harness.userData } };
      const outcomes = await Promise.allSettled([
        harness.actuator.create(request, harness.context()),
        harness.actuator.create(request, harness.context()),
      ]);
      const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expectSlipwayError(outcome.reason, 'a create racing another');
      }
      ensure(succeeded.length > 0, 'neither of two concurrent creates succeeded');
      const providerIDs = new Set(succeeded.map((outcome) => outcome.value.providerID));
      ensure(providerIDs.size === 1, `two concurrent creates returned different instances: ${[...providerIDs].join(', ')}`);
      const instances = harness.liveMachineInstances();
      ensure(instances.length === 1, () => `two concurrent creates left ${listOf(instances)}; expected one instance`);
    },
  },
  {
    group: 'idempotency',
    id: 'create-after-lost-reply',
    title: 'create after a lost reply yields one instance',
    run: async (harness) => {
      harness.requireFault('loseReplies').loseReplies({ onlyWhenCreating: 'instance' });
      const firstTry = await harness.create().then(
        () => undefined,
        (error: unknown) => error,
      );
      if (firstTry !== undefined) expectSlipwayError(firstTry, 'create, whose reply was lost,');
      ensure(
        harness.emulator.callLog.countByOutcome('lost-reply') === 1,
        'the emulator lost no reply: create never made a request that created an instance',
      );
      forgetProviderID(harness);
      await harness.create();
      const instances = harness.liveMachineInstances();
      ensure(instances.length === 1, () => `a lost reply and a retry left ${listOf(instances)}; expected one instance`);
    },
  },
  {
    group: 'idempotency',
    id: 'crash-before-work',
    title: 'a crash at every await inside create (request not done), then a retry: no duplicate, nothing leaked',
    run: crashAtEveryAwait('before-work'),
  },
  {
    group: 'idempotency',
    id: 'crash-after-work',
    title: 'a crash at every await inside create (request done, reply lost), then a retry: no duplicate, nothing leaked',
    run: crashAtEveryAwait('after-work'),
  },
  {
    group: 'idempotency',
    id: 'delete-twice',
    title: 'delete called again after it answered gone is fine',
    run: async (harness) => {
      await harness.create();
      await harness.deleteUntilGone();
      const again = await harness.delete();
      ensure(again.gone, 'a second delete after gone did not answer gone');
    },
  },
  {
    group: 'idempotency',
    id: 'delete-never-created',
    title: 'delete of a Machine that was never created answers gone',
    run: async (harness) => {
      const result = await harness.delete();
      ensure(result.gone, 'delete of a Machine with no instance did not answer gone');
    },
  },
];
