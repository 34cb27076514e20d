// The kit must fail deliberately broken actuators: each breaks one invariant, and the checks guarding it must throw.
import { describe, expect, it } from 'vitest';
import { conformanceChecks } from './checks/all-checks.js';
import type { ConformanceCheck } from './checks/conformance-check.js';
import { UnsupportedCapability } from './harness/unsupported-capability.js';
import { runConformanceCheck } from './run-conformance-check.js';
import { faultyActuators } from './test-support/faulty-actuators.js';
import { conformanceOptionsFor, referenceConformanceOptions } from './test-support/reference-conformance-options.js';

const checkById = new Map<string, ConformanceCheck>(Object.values(conformanceChecks).flatMap((checks) => checks.map((check) => [`${check.group}/${check.id}`, check] as const)));

describe('the kit against faulty actuators', () => {
  for (const faulty of faultyActuators) {
    describe(faulty.description, () => {
      const options = conformanceOptionsFor('faulty', faulty.create);
      for (const [id, because] of Object.entries(faulty.mustFail)) {
        it(`fails ${id}`, async () => {
          const check = checkById.get(id);
          expect(check, `no check ${id}`).toBeDefined();
          const error = await runConformanceCheck(check!, options).then(
            () => undefined,
            (caught: unknown) => caught,
          );
          expect(error, `${id} passed for an actuator with ${faulty.description}`).toBeInstanceOf(Error);
          expect(UnsupportedCapability.isInstance(error), `${id} was skipped instead of failing`).toBe(false);
          expect((error as Error).message).toMatch(because);
        });
      }
    });
  }

  it('passes every one of those checks for the reference actuator', async () => {
    const ids = [...new Set(faultyActuators.flatMap((faulty) => Object.keys(faulty.mustFail)))];
    for (const id of ids) await runConformanceCheck(checkById.get(id)!, referenceConformanceOptions);
  });
});
