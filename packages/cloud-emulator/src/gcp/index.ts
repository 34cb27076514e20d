// The Compute Engine emulator: `@slipway/cloud-emulator/gcp`.
export * from './start-gce-emulator.js';
export * from './gce-cloud.js';
export * from './gce-service.js';
export * from './gce-collection.js';
export * from './gce-operations.js';
export * from './gce-error.js';
export * from './gce-filter.js';
export * from './gce-labels.js';
export * from './gce-page.js';
export * from './gce-resource-path.js';
export * from './gce-throttling-policy.js';
