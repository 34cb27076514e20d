export * from './run-cli.js';
export * from './cli-io.js';
export * from './exit-codes.js';
export * from './usage-error.js';
