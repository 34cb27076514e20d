/**
 * The vitest face of the kit: `runActuatorConformance(options)` registers every
 * group; each `run<Group>Conformance(options)` registers one. Every check is a
 * test with a fresh emulator and actuator. A check whose capability or fault is
 * missing, or that `options.skip` names, shows as skipped.
 */
import { describe, it, type TestContext } from 'vitest';
import { conformanceChecks } from './checks/all-checks.js';
import type { ConformanceCheck } from './checks/conformance-check.js';
import type { ConformanceEmulator } from './conformance-emulator.js';
import { conformanceGroups, type ActuatorConformanceOptions, type ConformanceGroup } from './conformance-options.js';
import { UnsupportedCapability } from './harness/unsupported-capability.js';
import { runConformanceCheck } from './run-conformance-check.js';

function validateOptions(options: ActuatorConformanceOptions<ConformanceEmulator>): void {
  const problems: string[] = [];
  if (typeof options.name !== 'string' || options.name === '') problems.push('name must be a non-empty string (e.g. "aws")');
  if (typeof options.createEmulator !== 'function') problems.push('createEmulator must be a function returning a fresh emulator');
  if (typeof options.createActuator !== 'function') problems.push('createActuator must be a function of the emulator returning the provider actuators (ProviderActuatorsV1) or a MachineActuatorV1');
  if (options.fixtures?.machineProviderSpec === undefined) problems.push('fixtures.machineProviderSpec must be a valid providerSpec value');
  if (options.fixtures?.invalidMachineProviderSpec?.fieldPath === undefined) {
    problems.push('fixtures.invalidMachineProviderSpec must be { value, fieldPath } with a providerSpec your provider refuses');
  }
  for (const phase of ['create', 'exists', 'delete'] as const) {
    const value = options.budget?.[phase];
    if (!Number.isInteger(value) || value! < 1) problems.push(`budget.${phase} must be a whole number of API calls of 1 or more`);
  }
  const known = new Set<string>(Object.values(conformanceChecks).flatMap((checks) => checks.flatMap((check) => [check.group, `${check.group}/${check.id}`])));
  for (const entry of options.skip ?? []) {
    if (!known.has(entry)) problems.push(`skip: "${entry}" names no group or check; use one of ${[...known].sort().join(', ')}`);
  }
  if (problems.length > 0) throw new TypeError(`runActuatorConformance: ${problems.join('; ')}`);
}

function registerCheck(check: ConformanceCheck, options: ActuatorConformanceOptions<ConformanceEmulator>): void {
  const skipped = (options.skip ?? []).some((entry) => entry === check.group || entry === `${check.group}/${check.id}`);
  const timeout = options.timeouts?.testMilliseconds ?? 60_000;
  if (skipped) {
    it.skip(check.title, () => {});
    return;
  }
  it(
    check.title,
    async (context: TestContext) => {
      try {
        await runConformanceCheck(check, options, (message) => {
          // Figures go next to the result in reporters that show annotations, and to the console for the rest.
          console.info(`[conformance ${options.name}] ${message}`);
          void context.annotate?.(message).catch(() => undefined);
        });
      } catch (error) {
        if (UnsupportedCapability.isInstance(error)) {
          context.skip(error.message);
          return;
        }
        throw error;
      }
    },
    timeout,
  );
}

function registerGroup<Emulator extends ConformanceEmulator>(group: ConformanceGroup, options: ActuatorConformanceOptions<Emulator>): void {
  const general = options as unknown as ActuatorConformanceOptions<ConformanceEmulator>;
  validateOptions(general);
  describe(`${options.name} conformance: ${group}`, () => {
    for (const check of conformanceChecks[group]) registerCheck(check, general);
  });
}

/** Registers every group of the kit as vitest tests. */
export function runActuatorConformance<Emulator extends ConformanceEmulator>(options: ActuatorConformanceOptions<Emulator>): void {
  for (const group of conformanceGroups) registerGroup(group, options);
}

export const runBasicsConformance = <Emulator extends ConformanceEmulator>(options: ActuatorConformanceOptions<Emulator>): void =>
  registerGroup('basics', options);
export const runIdempotencyConformance = <Emulator extends ConformanceEmulator>(options: ActuatorConformanceOptions<Emulator>): void =>
  registerGroup('idempotency', options);
export const runDeletionConformance = <Emulator extends ConformanceEmulator>(options: ActuatorConformanceOptions<Emulator>): void =>
  registerGroup('deletion', options);
export const runEventualConsistencyConformance = <Emulator extends ConformanceEmulator>(options: ActuatorConformanceOptions<Emulator>): void =>
  registerGroup('eventual-consistency', options);
export const runErrorConformance = <Emulator extends ConformanceEmulator>(options: ActuatorConformanceOptions<Emulator>): void =>
  registerGroup('errors', options);
export const runOwnershipConformance = <Emulator extends ConformanceEmulator>(options: ActuatorConformanceOptions<Emulator>): void =>
  registerGroup('ownership', options);
export const runUserDataConformance = <Emulator extends ConformanceEmulator>(options: ActuatorConformanceOptions<Emulator>): void =>
  registerGroup('user-data', options);
export const runApiBudgetConformance = <Emulator extends ConformanceEmulator>(options: ActuatorConformanceOptions<Emulator>): void =>
  registerGroup('api-budget', options);
export const runCapabilityConformance = <Emulator extends ConformanceEmulator>(options: ActuatorConformanceOptions<Emulator>): void =>
  registerGroup('capabilities', options);
