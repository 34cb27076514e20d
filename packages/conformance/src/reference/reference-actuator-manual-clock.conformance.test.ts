// The kit on an emulator whose clock moves only when told: the harness advances it while waiting, and the
// actuator's backoff sleeps advance it too, so nothing hangs and nothing depends on real time.
import { createInMemoryCloud } from '@slipway/cloud-emulator';
import { runActuatorConformance } from '../run-actuator-conformance.js';
import { referenceConformanceOptions } from '../test-support/reference-conformance-options.js';

runActuatorConformance({
  ...referenceConformanceOptions,
  name: 'reference on a manual clock',
  createEmulator: () =>
    createInMemoryCloud({ clock: { mode: 'manual' }, lifecycle: { bootDelayMilliseconds: 30_000, terminationDelayMilliseconds: 20_000 } }),
});
