/**
 * The Compute Engine provider against the conformance kit, exactly as an outside
 * provider author runs it: every group, on the Compute emulator, through the real SDK.
 */
import { runActuatorConformance } from '@slipway/conformance';
import { gcpConformanceOptions } from './test-support/gcp-conformance-options.js';

runActuatorConformance(gcpConformanceOptions);
