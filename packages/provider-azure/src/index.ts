export * from './create-azure-actuator.js';
export * from './azure-machine-provider-spec.js';
export * from './azure-cluster-provider-spec.js';
export * from './azure-error-mapper.js';
export * from './azure-provider-plugin.js';
