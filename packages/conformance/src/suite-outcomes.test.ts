// Runs whole suites the way a provider's CI does (vitest, one test file) and reads each test's outcome:
// the reference passes with unsupported capabilities skipped; every faulty actuator fails where it is broken.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createVitest } from 'vitest/node';
import { conformanceChecks } from './checks/all-checks.js';
import type { ConformanceCheck } from './checks/conformance-check.js';
import { faultyActuators } from './test-support/faulty-actuators.js';

const checkById = new Map<string, ConformanceCheck>(
  Object.values(conformanceChecks).flatMap((checks) => checks.map((check) => [`${check.group}/${check.id}`, check] as const)),
);

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

async function outcomesOf(fixture: string): Promise<Map<string, string>> {
  const vitest = await createVitest(
    'test',
    {
      root: packageRoot,
      config: false,
      watch: false,
      include: [`src/test-support/suites/${fixture}`],
      // A reporter that reports nothing: the outcomes are read from the state below.
      reporters: [{}],
      silent: true,
    },
    { resolve: { conditions: ['@slipway/source'] } },
  );
  try {
    await vitest.start();
    const outcomes = new Map<string, string>();
    for (const testModule of vitest.state.getTestModules()) {
      for (const testCase of testModule.children.allTests()) outcomes.set(testCase.fullName, testCase.result().state);
    }
    return outcomes;
  } finally {
    await vitest.close();
  }
}

describe('whole suites through vitest', () => {
  it('passes the reference actuator, showing the undeclared capability as skipped', async () => {
    const outcomes = await outcomesOf('reference-suite.fixture.ts');
    const byState = (state: string) => [...outcomes].filter(([, outcome]) => outcome === state).map(([name]) => name);
    expect(byState('failed')).toEqual([]);
    expect(byState('skipped')).toEqual(['reference conformance: capabilities > inPlaceUpdate: update with changed Machine labels keeps the same instance']);
    expect(byState('passed').length).toBeGreaterThanOrEqual(25);
  }, 120_000);

  it('fails every faulty actuator in the checks guarding what it breaks', async () => {
    const outcomes = await outcomesOf('faulty-suite.fixture.ts');
    for (const [index, faulty] of faultyActuators.entries()) {
      for (const id of Object.keys(faulty.mustFail)) {
        const check = checkById.get(id)!;
        const name = `faulty-${index} conformance: ${check.group} > ${check.title}`;
        expect(outcomes.get(name), `${name} (${faulty.description})`).toBe('failed');
      }
    }
  }, 120_000);

  it('shows checks skipped by option, or lacking an emulator fault, as skipped and never as passed', async () => {
    const outcomes = await outcomesOf('skipping-suite.fixture.ts');
    const stateOf = (group: string, id: string) => {
      const check = checkById.get(`${group}/${id}`)!;
      return outcomes.get(`fewer-faults conformance: ${group} > ${check.title}`);
    };
    expect(stateOf('errors', 'quota')).toBe('skipped');
    expect(stateOf('errors', 'throttling-burst')).toBe('skipped');
    expect(stateOf('errors', 'throttling-sustained')).toBe('passed');
    expect(stateOf('eventual-consistency', 'no-duplicate')).toBe('skipped');
    expect(stateOf('eventual-consistency', 'delete-inside-window')).toBe('skipped');
    for (const check of conformanceChecks.idempotency) expect(stateOf('idempotency', check.id)).toBe('skipped');
  }, 120_000);
});
