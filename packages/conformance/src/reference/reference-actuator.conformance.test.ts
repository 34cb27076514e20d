// The kit run against its own reference actuator on the in-memory cloud, exactly as a provider runs it.
import { describe, expect, it } from 'vitest';
import { createReferenceActuator } from './reference-actuator.js';
import { runActuatorConformance } from '../run-actuator-conformance.js';
import { createReferenceCloud, referenceConformanceOptions } from '../test-support/reference-conformance-options.js';

runActuatorConformance(referenceConformanceOptions);

describe('the reference actuator', () => {
  it('declares orphan listing and no in-place update, so exactly the in-place-update check shows as skipped', () => {
    expect(createReferenceActuator({ client: createReferenceCloud().client }).capabilities).toEqual({ orphanListing: true, inPlaceUpdate: false });
  });
});
