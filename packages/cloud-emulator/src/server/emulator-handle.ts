/**
 * The handle a cloud emulator returns to tests: where it listens, what to trust,
 * and the runtime's clock, side door, faults and call log at the top level,
 * which is the shape the conformance kit's `ConformanceEmulator` expects.
 */
import type { CallLog } from '../call-log/call-log.js';
import type { EmulatorClock } from '../clock/emulator-clock.js';
import type { FaultSwitchboard } from '../faults/fault-switchboard.js';
import type { EmulatorInspector } from '../runtime/emulator-inspector.js';
import type { EmulatorRuntime } from '../runtime/emulator-runtime.js';
import type { RunningHttpEmulator } from './start-http-emulator.js';

export interface EmulatorHandle extends RunningHttpEmulator {
  runtime: EmulatorRuntime;
  clock: EmulatorClock;
  inspect: EmulatorInspector;
  faults: FaultSwitchboard;
  callLog: CallLog;
}

export function emulatorHandle(runtime: EmulatorRuntime, server: RunningHttpEmulator): EmulatorHandle {
  return {
    endpoint: server.endpoint,
    port: server.port,
    protocol: server.protocol,
    certificateAuthority: server.certificateAuthority,
    stop: server.stop,
    runtime,
    clock: runtime.clock,
    inspect: runtime.inspect,
    faults: runtime.faults,
    callLog: runtime.callLog,
  };
}
