// The store contract and its errors.
export type * from './store/object-store.js';
export * from './store/object-types.js';
export * from './store/conflict-error.js';
export * from './store/not-found-error.js';
export * from './store/already-exists-error.js';
export * from './store/store-locked-error.js';
export * from './store/invalid-object-error.js';
export * from './store/watch-expired-error.js';
export * from './store/store-closed-error.js';
export * from './store/apply-merge-patch.js';

// The embedded backend.
export * from './store/embedded-store.js';
export * from './store/event-recorder.js';

// Ports the bootstrap package's node-authorization service uses.
export * from './ports/secret-store-port.js';
export * from './ports/machine-registry-port.js';
export type * from './bootstrap-hook/bootstrap-hook.js';

// The controller runtime, for reuse.
export * from './runtime/work-queue.js';
export * from './runtime/rate-limiter.js';
export * from './runtime/informer.js';
export * from './runtime/controller.js';
export * from './runtime/system-clock.js';
export * from './runtime/manual-clock.js';

// Observability.
export * from './observability/create-logger.js';
export * from './observability/manager-metrics.js';

// The controllers and the manager.
export * from './controllers/finalizers.js';
export * from './controllers/machine-template-hash.js';
export type { ControllerContext, ManagerInformers } from './controllers/controller-context.js';
export type { MachineStatusExtensions } from './controllers/machine-controller.js';
export type { MachineDeploymentStatusExtensions } from './controllers/machine-deployment-controller.js';
export * from './manager/create-manager.js';
