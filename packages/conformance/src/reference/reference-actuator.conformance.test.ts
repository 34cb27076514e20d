// The kit run against its own reference actuator on the in-memory cloud, exactly as a provider runs it.
import { runActuatorConformance } from '../run-actuator-conformance.js';
import { referenceConformanceOptions } from '../test-support/reference-conformance-options.js';

runActuatorConformance(referenceConformanceOptions);
