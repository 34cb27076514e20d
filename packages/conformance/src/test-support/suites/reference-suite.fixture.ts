// Run by suite-outcomes.test.ts through vitest's node API: the whole suite, registered as a provider would, for the reference actuator.
import { runActuatorConformance } from '../../run-actuator-conformance.js';
import { referenceConformanceOptions } from '../reference-conformance-options.js';

runActuatorConformance(referenceConformanceOptions);
