/**
 * Starts an emulated Compute Engine on 127.0.0.1: the framework runtime (clock,
 * store, lifecycle, faults, side door), the Compute collections, and the HTTP
 * server. Point the real SDK at it with
 * `{ apiEndpoint: '127.0.0.1', port, protocol: 'http', authClient: new PassThroughClient() }`.
 */
import { createEmulatorRuntime, type EmulatorRuntime, type EmulatorRuntimeOptions } from '../runtime/emulator-runtime.js';
import { startHttpEmulator, type RunningHttpEmulator } from '../server/start-http-emulator.js';
import { GceCloud, type GceCloudOptions } from './gce-cloud.js';
import { createGceService, type GceServiceOptions } from './gce-service.js';
import { createGceThrottlingPolicy } from './gce-throttling-policy.js';

export interface StartGceEmulatorOptions extends GceCloudOptions, GceServiceOptions {
  /** A runtime to serve (shared clock, machine simulator...); a new one from `runtimeOptions` otherwise. */
  runtime?: EmulatorRuntime;
  /** Options of the new runtime; the throttling policy defaults to Compute's published limit. */
  runtimeOptions?: EmulatorRuntimeOptions;
  /** Default 0: a free port. */
  port?: number;
}

export interface RunningGceEmulator extends RunningHttpEmulator {
  runtime: EmulatorRuntime;
  /** The runtime's side door, call log, faults and clock, at hand (the conformance kit's emulator shape). */
  inspect: EmulatorRuntime['inspect'];
  callLog: EmulatorRuntime['callLog'];
  faults: EmulatorRuntime['faults'];
  clock: EmulatorRuntime['clock'];
  /** Compute-specific state and switches (insert failures such as ZONE_RESOURCE_POOL_EXHAUSTED). */
  cloud: GceCloud;
  /** The first project the emulator serves. */
  project: string;
  /** Client options for every `@google-cloud/compute` client, without the auth client. */
  clientOptions: { apiEndpoint: string; port: number; protocol: 'http' };
}

export async function startGceEmulator(options: StartGceEmulatorOptions = {}): Promise<RunningGceEmulator> {
  const runtime =
    options.runtime ??
    createEmulatorRuntime({ throttlingPolicy: createGceThrottlingPolicy(), ...options.runtimeOptions });
  const cloud = new GceCloud(runtime, options);
  const running = await startHttpEmulator({
    runtime,
    service: createGceService(cloud, options),
    protocol: 'http',
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  return {
    ...running,
    runtime,
    inspect: runtime.inspect,
    callLog: runtime.callLog,
    faults: runtime.faults,
    clock: runtime.clock,
    cloud,
    project: [...cloud.projects][0]!,
    clientOptions: { apiEndpoint: '127.0.0.1', port: running.port, protocol: 'http' },
  };
}
