/**
 * The AWS provider against the conformance kit, exactly as an outside provider
 * author runs it: every group, on the EC2 emulator, through the real SDK.
 */
import { runActuatorConformance } from '@slipway/conformance';
import { awsConformanceOptions } from './test-support/aws-conformance-options.js';

runActuatorConformance(awsConformanceOptions);
