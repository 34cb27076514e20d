export * from './create-gcp-actuator.js';
export * from './gcp-machine-provider-spec.js';
export * from './gcp-cluster-provider-spec.js';
export * from './gcp-error-mapper.js';
export * from './gcp-provider-plugin.js';
