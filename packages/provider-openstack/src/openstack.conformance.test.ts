/**
 * The OpenStack provider against the conformance kit, exactly as an outside
 * provider author runs it: every group, on the emulated OpenStack (Keystone,
 * Nova, Neutron), through the provider's own HTTP client.
 */
import { runActuatorConformance } from '@slipway/conformance';
import { openStackConformanceOptions } from './test-support/openstack-conformance-options.js';

runActuatorConformance(openStackConformanceOptions);
