/**
 * The conformance kit against real Compute Engine. Skipped unless a project and
 * credentials are set:
 *
 *   GOOGLE_CLOUD_PROJECT=my-test-project GOOGLE_APPLICATION_CREDENTIALS=key.json \
 *     npx vitest run --config vitest.live.config.ts
 *
 * (or SLIPWAY_GCP_LIVE=adc to use gcloud's Application Default Credentials).
 * SLIPWAY_GCP_ZONE picks the zone (default us-central1-a). Instances are e2-micro
 * with a 10 GB standard disk; the side door deletes any left behind. Use a
 * project dedicated to tests: the side door reads every conformance instance of the zone.
 * The fault-injection checks show as skipped: a real cloud takes no orders.
 */
import { runActuatorConformance } from '@slipway/conformance';
import { describe, it } from 'vitest';
import { liveConformanceOptions } from './test-support/gcp-live-conformance-options.js';

const project = process.env['GOOGLE_CLOUD_PROJECT'] ?? process.env['CLOUDSDK_CORE_PROJECT'];
const hasCredentials = process.env['GOOGLE_APPLICATION_CREDENTIALS'] !== undefined || process.env['SLIPWAY_GCP_LIVE'] === 'adc';

if (project === undefined || !hasCredentials) {
  describe.skip('gcp live conformance (set GOOGLE_CLOUD_PROJECT and GOOGLE_APPLICATION_CREDENTIALS, or SLIPWAY_GCP_LIVE=adc)', () => {
    it('runs runActuatorConformance against Compute Engine', () => {});
  });
} else {
  runActuatorConformance(liveConformanceOptions({ project, zone: process.env['SLIPWAY_GCP_ZONE'] ?? 'us-central1-a', machineType: 'e2-micro' }));
}
