// The kit on an emulator whose clock moves only when told: the harness advances it while waiting, and the
// actuator's backoff sleeps advance it too, so nothing hangs and nothing depends on real time.
import { createReferenceActuator } from '../reference/reference-actuator.js';
import { runActuatorConformance } from '../run-actuator-conformance.js';
import { conformanceOptionsFor, createReferenceCloud } from '../test-support/reference-conformance-options.js';
import { describe, expect, it } from 'vitest';

runActuatorConformance(conformanceOptionsFor('reference on a manual clock', (cloud) => createReferenceActuator({ client: cloud.client }), 'manual'));

describe('the reference actuator', () => {
  it('declares orphan listing and no in-place update, so exactly the in-place-update check shows as skipped', () => {
    expect(createReferenceActuator({ client: createReferenceCloud().client }).capabilities).toEqual({ orphanListing: true, inPlaceUpdate: false });
  });
});
