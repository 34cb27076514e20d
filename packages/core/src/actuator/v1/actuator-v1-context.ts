/**
 * What a controller hands to every actuator call: a way to stop, a place to log,
 * and a clock (tests drive time through it instead of sleeping).
 */
export interface LoggerV1 {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface ClockV1 {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `milliseconds`; rejects with the signal's reason when it aborts first. */
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
}

export interface ActuatorContextV1 {
  /** Aborted when the controller shuts down or gives up on this call. */
  signal: AbortSignal;
  logger: LoggerV1;
  clock: ClockV1;
}
