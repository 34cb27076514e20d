/**
 * The Google Compute Engine provider against the conformance kit: the same suite every
 * Slipway provider passes, run against an emulator of the Google Compute Engine API.
 * Build the emulator on @slipway/cloud-emulator's framework (see its README),
 * export it as `@slipway/cloud-emulator/gcp`, then replace the
 * `describe.skip` below with the kit's runner.
 */
import { describe, it } from 'vitest';

describe.skip('Google Compute Engine conformance (waiting for its emulator)', () => {
  it('runs runActuatorConformance from @slipway/conformance', () => {});
});
