/**
 * The real clock. Everything in provider-utils takes a clock so tests (vitest
 * fake timers, or an emulator's sped-up clock) decide how time passes; the
 * default is core's, re-exported here for providers that import it from us.
 */
export { systemClock } from '@slipway/core';
