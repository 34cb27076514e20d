// Run by suite-outcomes.test.ts through vitest's node API: the whole suite for every faulty actuator.
import { runActuatorConformance } from '../../run-actuator-conformance.js';
import { faultyActuators } from '../faulty-actuators.js';
import { conformanceOptionsFor } from '../reference-conformance-options.js';

for (const [index, faulty] of faultyActuators.entries()) {
  runActuatorConformance(conformanceOptionsFor(`faulty-${index}`, faulty.create));
}
