// The Metal API v1 emulator (Packet, later Equinix Metal): `@slipway/cloud-emulator/packet`.
export * from './start-metal-emulator.js';
export * from './metal-cloud.js';
export * from './metal-service.js';
export * from './metal-devices.js';
export * from './metal-ip-addresses.js';
export * from './metal-error.js';
export * from './metal-page.js';
export * from './metal-tags.js';
export * from './metal-throttling-policy.js';
export * from './metal-openapi-check.js';
