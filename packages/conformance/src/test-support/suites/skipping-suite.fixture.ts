// Run by suite-outcomes.test.ts: a group skipped by option, a check skipped by option, and checks whose fault the
// emulator does not offer. All must show as skipped, none as passed.
import { runErrorConformance, runEventualConsistencyConformance, runIdempotencyConformance } from '../../run-actuator-conformance.js';
import type { ConformanceEmulator } from '../../conformance-emulator.js';
import { createReferenceActuator } from '../../reference/reference-actuator.js';
import { createReferenceCloud, referenceConformanceOptions } from '../reference-conformance-options.js';

/** The in-memory cloud with only the faults a plain emulator might offer: no throttleNext, no eventual consistency. */
const withFewerFaults = () => {
  const cloud = createReferenceCloud();
  const { faults } = cloud;
  const emulator: ConformanceEmulator & { cloud: typeof cloud } = {
    cloud,
    inspect: cloud.inspect,
    callLog: cloud.callLog,
    clock: cloud.clock,
    stop: cloud.stop,
    faults: {
      throttle: (settings) => faults.throttle(settings),
      serverErrors: (settings) => faults.serverErrors(settings),
      loseReplies: (settings) => faults.loseReplies(settings),
      quota: (settings) => faults.quota(settings),
      reset: () => faults.reset(),
    },
  };
  return emulator;
};

const options = {
  ...referenceConformanceOptions,
  name: 'fewer-faults',
  createEmulator: withFewerFaults,
  createActuator: (emulator: ReturnType<typeof withFewerFaults>) => createReferenceActuator({ client: emulator.cloud.client }),
  skip: ['errors/quota', 'idempotency'],
};

runErrorConformance(options);
runEventualConsistencyConformance(options);
runIdempotencyConformance(options);
