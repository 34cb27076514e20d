/**
 * The conformance kit against a real Metal API v1 endpoint. Skipped unless an
 * endpoint, a token and a project are set:
 *
 *   METAL_API_URL=https://metal.example.com/metal/v1 METAL_AUTH_TOKEN=… METAL_PROJECT_ID=… \
 *     npx vitest run --config vitest.live.config.ts
 *
 * SLIPWAY_METAL_METRO, SLIPWAY_METAL_PLAN and SLIPWAY_METAL_OS pick where and
 * what (default da, c3.small.x86, ubuntu_24_04). Devices are billed hourly; the
 * side door deletes any left behind. Use a project dedicated to tests. The
 * fault-injection checks show as skipped: a real cloud takes no orders.
 */
import { runActuatorConformance } from '@slipway/conformance';
import { describe, it } from 'vitest';
import { liveConformanceOptions } from './test-support/packet-live-conformance-options.js';

const baseUrl = process.env['METAL_API_URL'];
const token = process.env['METAL_AUTH_TOKEN'] ?? process.env['PACKET_API_KEY'];
const projectId = process.env['METAL_PROJECT_ID'];

if (baseUrl === undefined || token === undefined || projectId === undefined) {
  describe.skip('packet live conformance (set METAL_API_URL, METAL_AUTH_TOKEN or PACKET_API_KEY, and METAL_PROJECT_ID)', () => {
    it('runs runActuatorConformance against a Metal API endpoint', () => {});
  });
} else {
  runActuatorConformance(
    liveConformanceOptions({
      baseUrl,
      token,
      projectId,
      metro: process.env['SLIPWAY_METAL_METRO'] ?? 'da',
      plan: process.env['SLIPWAY_METAL_PLAN'] ?? 'c3.small.x86',
      operatingSystem: process.env['SLIPWAY_METAL_OS'] ?? 'ubuntu_24_04',
    }),
  );
}
