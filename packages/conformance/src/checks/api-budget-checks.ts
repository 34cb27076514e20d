/**
 * The API budget: the calls of one machine's lifecycle (create, one exists,
 * delete until gone) are counted through the emulator's call log, reported,
 * and held to the budget the provider declares.
 */
import type { ConformanceHarness } from '../harness/conformance-harness.js';
import type { ConformanceCheck } from './conformance-check.js';
import { ensure } from './ensure.js';

export interface LifecycleApiCalls {
  create: number;
  exists: number;
  delete: number;
  byAction: Record<string, number>;
}

/** Runs one lifecycle on a fresh harness and counts its calls by phase. */
export async function measureLifecycleApiCalls(harness: ConformanceHarness): Promise<LifecycleApiCalls> {
  const log = harness.emulator.callLog;
  const start = log.count();
  await harness.create();
  const afterCreate = log.count();
  await harness.exists();
  const afterExists = log.count();
  await harness.deleteUntilGone();
  const afterDelete = log.count();
  return {
    create: afterCreate - start,
    exists: afterExists - afterCreate,
    delete: afterDelete - afterExists,
    byAction: log.countsByAction(),
  };
}

export const apiBudgetChecks: readonly ConformanceCheck[] = [
  {
    group: 'api-budget',
    id: 'lifecycle',
    title: 'the API calls of one machine lifecycle stay within the declared budget',
    run: async (harness, tools) => {
      const budget = tools.options.budget;
      const calls = await measureLifecycleApiCalls(harness);
      tools.report(
        `API calls per machine lifecycle: create ${calls.create}/${budget.create}, exists ${calls.exists}/${budget.exists}, delete ${calls.delete}/${budget.delete} (by action: ${JSON.stringify(calls.byAction)})`,
      );
      const over = (['create', 'exists', 'delete'] as const).filter((phase) => calls[phase] > budget[phase]);
      ensure(
        over.length === 0,
        () => `over budget: ${over.map((phase) => `${phase} made ${calls[phase]} calls, the budget is ${budget[phase]}`).join('; ')} (by action: ${JSON.stringify(calls.byAction)})`,
      );
    },
  },
];
