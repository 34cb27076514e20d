// Cluster API v1alpha1: kinds, schemas and helpers.
export * from './api/v1alpha1/api-group.js';
export * from './api/v1alpha1/field-formats.js';
export * from './api/v1alpha1/object-meta.js';
export * from './api/v1alpha1/metadata-maps.js';
export * from './api/v1alpha1/label-selector.js';
export * from './api/v1alpha1/provider-spec.js';
export * from './api/v1alpha1/cluster.js';
export * from './api/v1alpha1/machine.js';
export * from './api/v1alpha1/machine-set.js';
export * from './api/v1alpha1/machine-deployment.js';
export * from './api/v1alpha1/machine-class.js';
export * from './api/v1alpha1/kinds.js';
export * from './api/v1alpha1/machine-roles.js';

// Manifests: parsing, validation, defaults.
export * from './manifests/parse-manifests.js';
export * from './manifests/manifest-issue.js';
export * from './manifests/applied-default.js';
export * from './manifests/upgrade-provider-config.js';
export type { ProviderSpecSource } from './manifests/provider-spec-validator.js';

// JSON Schema and CustomResourceDefinitions.
export * from './schemas/kind-json-schema.js';
export * from './schemas/custom-resource-definitions.js';
export * from './schemas/legacy-provider-config.js';
export * from './schemas/printer-columns.js';

// The actuator contract, version 1, and the real clock behind its ClockV1.
export type * from './actuator/v1/index.js';
export * from './clock/system-clock.js';

// Errors.
export * from './errors/slipway-error.js';
export * from './errors/transient-error.js';
export * from './errors/terminal-error.js';
export * from './errors/machine-status-error-reason.js';
export * from './errors/invalid-provider-spec-error.js';
export * from './errors/provider-api-error.js';
export * from './errors/manifest-validation-error.js';
