/**
 * The conformance kit against real Azure. Skipped unless a subscription and
 * credentials are set:
 *
 *   AZURE_SUBSCRIPTION_ID=… AZURE_TENANT_ID=… AZURE_CLIENT_ID=… AZURE_CLIENT_SECRET=… \
 *     npx vitest run --config vitest.live.config.ts
 *
 * (or SLIPWAY_AZURE_LIVE=default to use DefaultAzureCredential's other sources:
 * managed identity, workload identity, `az login`). SLIPWAY_AZURE_LOCATION picks
 * the region (default westeurope), SLIPWAY_AZURE_RESOURCE_GROUP the group the
 * run creates and uses (default slipway-conformance), SLIPWAY_AZURE_VM_SIZE the
 * size (default Standard_B2s). The side door deletes the machines left behind;
 * delete the group when done. The fault-injection checks show as skipped: a
 * real cloud takes no orders.
 */
import { runActuatorConformance } from '@slipway/conformance';
import { describe, it } from 'vitest';
import { liveConformanceOptions } from './test-support/azure-live-conformance-options.js';

const subscriptionId = process.env['AZURE_SUBSCRIPTION_ID'];
const hasCredentials =
  (process.env['AZURE_CLIENT_ID'] !== undefined && (process.env['AZURE_CLIENT_SECRET'] !== undefined || process.env['AZURE_FEDERATED_TOKEN_FILE'] !== undefined)) ||
  process.env['SLIPWAY_AZURE_LIVE'] === 'default';

if (subscriptionId === undefined || !hasCredentials) {
  describe.skip('azure live conformance (set AZURE_SUBSCRIPTION_ID and a service principal, or SLIPWAY_AZURE_LIVE=default)', () => {
    it('runs runActuatorConformance against Azure Resource Manager', () => {});
  });
} else {
  runActuatorConformance(
    liveConformanceOptions({
      subscriptionId,
      location: process.env['SLIPWAY_AZURE_LOCATION'] ?? 'westeurope',
      resourceGroupName: process.env['SLIPWAY_AZURE_RESOURCE_GROUP'] ?? 'slipway-conformance',
      vmSize: process.env['SLIPWAY_AZURE_VM_SIZE'] ?? 'Standard_B2s',
    }),
  );
}
