/** The real clock (core's), re-exported where the runtime has always offered it. */
export { systemClock } from '@slipway/core';
