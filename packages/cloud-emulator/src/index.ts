// The emulator framework every cloud emulator builds on.
export * from './clock/emulator-clock.js';
export * from './faults/cloud-fault.js';
export * from './faults/lost-reply.js';
export * from './faults/token-bucket.js';
export * from './faults/seeded-random.js';
export * from './faults/fault-switchboard.js';
export * from './store/stored-resource.js';
export * from './store/resource-store.js';
export * from './lifecycle/instance-lifecycle.js';
export * from './call-log/call-log.js';
export * from './runtime/emulator-inspector.js';
export * from './runtime/emulator-runtime.js';
export * from './server/emulator-http-request.js';
export * from './server/self-signed-certificate.js';
export * from './server/start-http-emulator.js';
export * from './server/emulator-handle.js';

// Booting user data.
export * from './machine/machine-boot-result.js';
export * from './machine/boot-hook.js';
export * from './machine/cloud-config.js';
export * from './machine/machine-simulator.js';
export * from './machine/stand-in-scripts.js';

// The in-memory cloud (no wire), for the reference actuator and quick tests.
export * from './memory/emulated-connection-error.js';
export * from './memory/in-memory-cloud.js';
