/**
 * The Azure provider against the conformance kit, exactly as an outside
 * provider author runs it: every group, on the Resource Manager emulator over
 * HTTPS, through the real SDKs.
 */
import { runActuatorConformance } from '@slipway/conformance';
import { azureConformanceOptions } from './test-support/azure-conformance-options.js';

runActuatorConformance(azureConformanceOptions);
