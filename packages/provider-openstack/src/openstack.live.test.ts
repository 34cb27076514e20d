/**
 * The conformance kit against a real OpenStack. Skipped unless credentials are
 * set the usual way (OS_CLOUD with a clouds.yaml, or OS_AUTH_URL and the other
 * OS_* variables) and SLIPWAY_OPENSTACK_LIVE names the machine's placement:
 *
 *   OS_CLOUD=mycloud SLIPWAY_OPENSTACK_LIVE='{"flavor":"m1.small","image":"ubuntu-24.04","network":"private"}' \
 *     npx vitest run --config vitest.live.config.ts
 *
 * Use a project dedicated to tests: the side door reads every server and port
 * of the project and deletes those of conformance clusters left behind. User
 * data is not readable back from Nova, and a real cloud takes no fault
 * orders, so those checks show as skipped.
 */
import { runActuatorConformance } from '@slipway/conformance';
import { describe, it } from 'vitest';
import { createOpenStackApiClient } from './api/create-openstack-api-client.js';
import { createOpenStackActuator } from './create-openstack-actuator.js';
import { OpenStackSideDoor } from './test-support/openstack-side-door.js';
import { openStackConformanceFixtures } from './test-support/openstack-conformance-options.js';

const placement = process.env['SLIPWAY_OPENSTACK_LIVE'];
const hasCredentials = process.env['OS_CLOUD'] !== undefined || process.env['OS_AUTH_URL'] !== undefined;

if (placement === undefined || !hasCredentials) {
  describe.skip('openstack live conformance (set OS_CLOUD or OS_AUTH_URL and the OS_* credentials, and SLIPWAY_OPENSTACK_LIVE to the machine providerSpec JSON)', () => {
    it('runs runActuatorConformance against a real OpenStack', () => {});
  });
} else {
  runActuatorConformance<OpenStackSideDoor>({
    name: 'openstack-live',
    createEmulator: () => new OpenStackSideDoor(createOpenStackApiClient(), 'conformance-'),
    createActuator: (sideDoor) => {
      const actuators = createOpenStackActuator();
      sideDoor.attach(() => actuators.statistics());
      return sideDoor.wrap(actuators.machine);
    },
    fixtures: { ...openStackConformanceFixtures, machineProviderSpec: { apiVersion: 'openstackprovider/v1alpha1', kind: 'OpenStackMachineProviderSpec', ...(JSON.parse(placement) as Record<string, unknown>) } },
    // A real cloud's lookups, listings and deletes: the same calls as on the emulator, with room for rate-answer retries.
    budget: { create: 14, exists: 1, delete: 8 },
    timeouts: { testMilliseconds: 15 * 60_000, settleMilliseconds: 5 * 60_000 },
    skip: ['user-data'],
  });
}
