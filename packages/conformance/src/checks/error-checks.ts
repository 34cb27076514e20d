/**
 * Errors: throttling is retried (never surfaced as anything but transient),
 * invalid providerSpecs and exhausted quotas are terminal with the right reason,
 * and no raw SDK error ever escapes the actuator.
 */
import { InvalidProviderSpecError } from '@slipway/core';
import type { ConformanceCheck } from './conformance-check.js';
import { ensure, listOf } from './ensure.js';
import { expectRetryable, expectTerminal, isTransientSurface, thrownBy } from './expect-slipway-error.js';

export const errorChecks: readonly ConformanceCheck[] = [
  {
    group: 'errors',
    id: 'throttling-burst',
    title: 'a burst of throttling is retried inside the actuator and never surfaced',
    run: async (harness) => {
      harness.requireFault('throttleNext').throttleNext(2);
      const result = await harness.create().catch((error: unknown) => {
        throw new Error(`create surfaced throttling instead of retrying it: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      });
      ensure(harness.emulator.callLog.countByOutcome('throttled') === 2, 'the emulator throttled fewer than 2 requests: the fault was not exercised');
      ensure(harness.liveMachineInstances().length === 1, `create under throttling returned ${result.providerID} but the cloud does not hold exactly one instance`);
    },
  },
  {
    group: 'errors',
    id: 'throttling-sustained',
    title: 'sustained throttling surfaces only as transient errors, and create then completes once',
    run: async (harness) => {
      const faults = harness.requireFault('throttle');
      faults.throttle({ bucket: { capacity: 1, refillPerSecond: 0.01 } });
      // The very first request is throttled too, so the fault is exercised however fast or slow the machine is.
      faults.throttleNext?.(1);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const error = await harness.create().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        if (error === undefined) break;
        ensure(isTransientSurface(error), () => `under throttling create threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}; only transient errors may surface`);
      }
      ensure(harness.emulator.callLog.countByOutcome('throttled') > 0, 'the emulator throttled nothing: the fault was not exercised');
      harness.emulator.faults.throttle?.(false);
      const { providerID: _unknown, ...spec } = harness.machine.spec;
      harness.machine = { ...harness.machine, spec };
      await harness.create();
      const instances = harness.liveMachineInstances();
      ensure(instances.length === 1, () => `throttling and retries left ${listOf(instances)}; expected one instance`);
    },
  },
  {
    group: 'errors',
    id: 'invalid-provider-spec',
    title: 'an invalid providerSpec is a terminal InvalidConfiguration naming the field, and changes nothing',
    run: async (harness) => {
      const { value, fieldPath } = harness.options.fixtures.invalidMachineProviderSpec;
      harness.machine = { ...harness.machine, spec: { ...harness.machine.spec, providerSpec: { value: structuredClone(value) } } };
      const before = harness.liveResources().length;
      const error = await thrownBy(() => harness.create(), 'create with an invalid providerSpec');
      expectTerminal(error, 'InvalidConfiguration', 'create with an invalid providerSpec');
      const named = InvalidProviderSpecError.isInstance(error) ? `${error.fieldPath} ${error.message}` : error.message;
      ensure(named.includes(fieldPath), `the error does not name the field ${fieldPath}: ${named}`);
      ensure(harness.liveResources().length === before, 'create with an invalid providerSpec changed the cloud');
    },
  },
  {
    group: 'errors',
    id: 'quota',
    title: 'an exhausted instance quota is a terminal InsufficientResources',
    run: async (harness) => {
      harness.requireFault('quota').quota({ instance: 0 });
      const error = await thrownBy(() => harness.create(), 'create with no instance quota left');
      expectTerminal(error, 'InsufficientResources', 'create with no instance quota left');
      ensure(harness.liveMachineInstances().length === 0, 'an instance exists although the quota was exhausted');
    },
  },
  {
    group: 'errors',
    id: 'server-errors',
    title: 'when every answer is a 5xx, each method throws a retryable Slipway error, never a raw one',
    run: async (harness) => {
      await harness.create();
      harness.requireFault('serverErrors').serverErrors({ rate: 1 });
      expectRetryable(await thrownBy(() => harness.exists(), 'exists under 5xx'), 'exists under 5xx');
      expectRetryable(await thrownBy(() => harness.update(), 'update under 5xx'), 'update under 5xx');
      expectRetryable(await thrownBy(() => harness.delete(), 'delete under 5xx'), 'delete under 5xx');
      const listOwned = harness.actuator.listOwnedInstances?.bind(harness.actuator);
      if (harness.actuator.capabilities.orphanListing && listOwned !== undefined) {
        expectRetryable(
          await thrownBy(() => listOwned({ cluster: harness.cluster }, harness.context()), 'listOwnedInstances under 5xx'),
          'listOwnedInstances under 5xx',
        );
      }
      const { providerID: _unknown, ...spec } = harness.machine.spec;
      harness.machine = { ...harness.machine, spec };
      expectRetryable(await thrownBy(() => harness.create(), 'create under 5xx'), 'create under 5xx');
    },
  },
  {
    group: 'errors',
    id: 'dropped-connections',
    title: 'when every reply is lost, each method throws a retryable Slipway error, never a raw one',
    run: async (harness) => {
      await harness.create();
      harness.requireFault('loseReplies').loseReplies({ next: 100_000 });
      expectRetryable(await thrownBy(() => harness.exists(), 'exists with every reply lost'), 'exists with every reply lost');
      expectRetryable(await thrownBy(() => harness.delete(), 'delete with every reply lost'), 'delete with every reply lost');
    },
  },
];
