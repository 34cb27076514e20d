/**
 * Assertions on what an actuator throws: Slipway errors only, of the right class
 * and reason. Each names what was expected and what arrived, with the raw error.
 */
import { SlipwayError, TerminalError, TransientError, type MachineStatusErrorReason } from '@slipway/core';

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a thrown ${typeof error} (${String(error)})`;
}

/** Runs `call` and returns what it threw; fails when it resolved. */
export async function thrownBy(call: () => Promise<unknown>, what: string): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error(`${what} resolved, but it had to fail`);
}

export function expectSlipwayError(error: unknown, what: string): asserts error is SlipwayError {
  if (!SlipwayError.isInstance(error)) {
    throw new Error(`${what} let a raw error escape: ${describeError(error)}; wrap it into a TransientError, TerminalError or ProviderApiError in the provider's error mapper`);
  }
}

export function expectRetryable(error: unknown, what: string): void {
  expectSlipwayError(error, what);
  if (!error.isRetryable) {
    throw new Error(`${what} threw a terminal ${error.name} (${error.message}) where the failure was transient; it must be retryable (TransientError, or ProviderApiError with isRetryable)`);
  }
}

export function expectTerminal(error: unknown, reason: MachineStatusErrorReason, what: string): asserts error is TerminalError {
  expectSlipwayError(error, what);
  if (!TerminalError.isInstance(error)) {
    throw new Error(`${what} threw ${error.name} (${error.message}); expected a TerminalError with reason ${reason}`);
  }
  if (error.reason !== reason) {
    throw new Error(`${what} threw a TerminalError with reason ${error.reason} (${error.message}); expected reason ${reason}`);
  }
}

/** True for errors a controller would retry (what a transient condition may surface as). */
export function isTransientSurface(error: unknown): boolean {
  return TransientError.isInstance(error) || (SlipwayError.isInstance(error) && error.isRetryable);
}
