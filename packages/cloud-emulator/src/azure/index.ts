// The emulated Azure Resource Manager: @slipway/cloud-emulator/azure.
export * from './start-azure-resource-manager-emulator.js';
export * from './azure-throttling-policy.js';
export * from './azure-resource-path.js';
export { azureCustomDataMaximumBytes } from './azure-compute-resources.js';
export type { AzureMarketplaceImage } from './azure-emulator-context.js';
