/**
 * Starts an emulated Metal API v1 on 127.0.0.1: the framework runtime (clock,
 * store, lifecycle, faults, side door), the Metal state and the HTTP server.
 * Point a client at `baseUrl` (`http://127.0.0.1:PORT/metal/v1`) with the
 * `X-Auth-Token` in `token`, and a project id from `projectId`.
 */
import { createEmulatorRuntime, type EmulatorRuntime, type EmulatorRuntimeOptions } from '../runtime/emulator-runtime.js';
import { emulatorHandle, type EmulatorHandle } from '../server/emulator-handle.js';
import { startHttpEmulator } from '../server/start-http-emulator.js';
import { MetalCloud, type MetalCloudOptions } from './metal-cloud.js';
import { metalApiBasePath } from './metal-devices.js';
import { createMetalService, type MetalServiceOptions } from './metal-service.js';
import { createMetalThrottlingPolicy } from './metal-throttling-policy.js';

export interface StartMetalEmulatorOptions extends MetalCloudOptions, MetalServiceOptions {
  /** A runtime to serve (shared clock, machine simulator...); a new one from `runtimeOptions` otherwise. */
  runtime?: EmulatorRuntime;
  /** Options of the new runtime; the throttling policy defaults to the Metal bucket. */
  runtimeOptions?: EmulatorRuntimeOptions;
  /** Default 0: a free port. */
  port?: number;
}

export interface RunningMetalEmulator extends EmulatorHandle {
  /** The API's base URL, `http://127.0.0.1:PORT/metal/v1`. */
  baseUrl: string;
  /** The token the API accepts. */
  token: string;
  /** The first project the token may use. */
  projectId: string;
  /** Metal-specific state and switches (devices that end `failed`). */
  cloud: MetalCloud;
}

export async function startMetalEmulator(options: StartMetalEmulatorOptions = {}): Promise<RunningMetalEmulator> {
  const runtime = options.runtime ?? createEmulatorRuntime({ throttlingPolicy: createMetalThrottlingPolicy(), ...options.runtimeOptions });
  const cloud = new MetalCloud(runtime, options);
  const server = await startHttpEmulator({
    runtime,
    service: createMetalService(cloud, options),
    protocol: 'http',
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  return {
    ...emulatorHandle(runtime, server),
    baseUrl: `${server.endpoint}${metalApiBasePath}`,
    token: cloud.token,
    projectId: [...cloud.projectIds][0]!,
    cloud,
  };
}
