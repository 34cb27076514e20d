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
