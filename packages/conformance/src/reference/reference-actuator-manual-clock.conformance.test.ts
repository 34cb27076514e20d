// The kit on an emulator whose clock moves only when told: the harness advances it while waiting, and the
// actuator's backoff sleeps advance it too, so nothing hangs and nothing depends on real time.
import { createReferenceActuator } from '../reference/reference-actuator.js';
import { runActuatorConformance } from '../run-actuator-conformance.js';
import { conformanceOptionsFor } from '../test-support/reference-conformance-options.js';

runActuatorConformance(conformanceOptionsFor('reference on a manual clock', (cloud) => createReferenceActuator({ client: cloud.client }), 'manual'));
