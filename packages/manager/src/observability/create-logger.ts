/** Structured logs: pino, to stderr, and the adapter actuators receive as LoggerV1. */
import type { LoggerV1 } from '@slipway/core';
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export function createLogger(options: { level?: LevelWithSilent; name?: string } = {}): Logger {
  return pino({ name: options.name ?? 'slipway-manager', level: options.level ?? 'info' }, pino.destination({ fd: 2, sync: false }));
}

/** The actuator-facing view of a pino logger: message first, fields second. */
export function toLoggerV1(logger: Logger): LoggerV1 {
  return {
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}

/**
 * A LoggerV1 that makes its pino child only when something is logged: actuators
 * get one per call, and most calls log nothing.
 */
export function lazyChildLoggerV1(logger: Logger, bindings: () => Record<string, unknown>): LoggerV1 {
  let child: LoggerV1 | undefined;
  const resolve = () => (child ??= toLoggerV1(logger.child(bindings())));
  return {
    debug: (message, fields) => resolve().debug(message, fields),
    info: (message, fields) => resolve().info(message, fields),
    warn: (message, fields) => resolve().warn(message, fields),
    error: (message, fields) => resolve().error(message, fields),
  };
}
