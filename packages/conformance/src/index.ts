// Running the kit with vitest.
export * from './run-actuator-conformance.js';
export * from './conformance-options.js';
export type * from './conformance-emulator.js';

// Running checks by hand (self-tests, other runners).
export * from './run-conformance-check.js';
export * from './checks/all-checks.js';
export type * from './checks/conformance-check.js';
export * from './checks/ensure.js';
export * from './checks/api-budget-checks.js';
export * from './harness/conformance-harness.js';
export * from './harness/unsupported-capability.js';

// Side doors over a real cloud (live tests).
export * from './live/refreshed-after-each-call.js';

// The reference actuator the kit proves itself against.
export * from './reference/reference-actuator.js';
export type * from './reference/reference-cloud-client.js';
export * from './reference/reference-provider-spec.js';
export * from './reference/reference-error-mapper.js';
