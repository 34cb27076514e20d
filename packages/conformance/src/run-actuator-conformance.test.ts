// Bad options fail at registration with a message naming each field and the fix, before any test runs.
import { describe, expect, it } from 'vitest';
import { runActuatorConformance } from './run-actuator-conformance.js';
import { referenceConformanceOptions } from './test-support/reference-conformance-options.js';

describe('runActuatorConformance options', () => {
  it('names an unknown skip entry and lists the valid ones', () => {
    expect(() => runActuatorConformance({ ...referenceConformanceOptions, skip: ['errors/qouta'] })).toThrow(
      /skip: "errors\/qouta" names no group or check; use one of .*errors\/quota/,
    );
  });

  it('names a missing budget phase and a missing invalid fixture', () => {
    const { invalidMachineProviderSpec: _missing, ...fixtures } = referenceConformanceOptions.fixtures;
    expect(() =>
      runActuatorConformance({
        ...referenceConformanceOptions,
        budget: { create: 3, exists: 0, delete: 5 },
        fixtures: fixtures as typeof referenceConformanceOptions.fixtures,
      }),
    ).toThrow(/fixtures\.invalidMachineProviderSpec must be \{ value, fieldPath \}.*budget\.exists must be a whole number/);
  });
});
