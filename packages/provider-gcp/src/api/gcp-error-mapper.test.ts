import type { InstancesClient } from '@google-cloud/compute';
import { ProviderApiError, TerminalError, TransientError } from '@slipway/core';
import { GoogleError, Status } from 'google-gax';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulatorRuntime } from '@slipway/cloud-emulator';
import { startGceEmulator, type RunningGceEmulator } from '@slipway/cloud-emulator/gcp';
import { createGcpSdkClients } from './gcp-sdk-clients.js';
import { isAlreadyExistsError, isNotFoundError, mapGcpError, mapGcpOperationError } from './gcp-error-mapper.js';

let emulator: RunningGceEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** Real SDK errors produced by the real client, built as the provider builds it, against the emulator. */
async function sdkErrorOf(setup: (emulator: RunningGceEmulator) => void, call: (client: InstancesClient, project: string) => Promise<unknown>): Promise<unknown> {
  emulator = await startGceEmulator({ runtime: createEmulatorRuntime({ clock: { mode: 'manual', startAt: 0 } }) });
  setup(emulator);
  const clients = createGcpSdkClients(emulator.clientOptions);
  try {
    await call(clients.instances, emulator.project);
  } catch (error) {
    return error;
  } finally {
    await clients.close();
  }
  throw new Error('the call was expected to fail');
}

/** A GoogleError as the 7.x line raises it: a gRPC status code and the ErrorInfo reason. */
function googleError(code: Status, message: string, reason?: string): GoogleError {
  const error = new GoogleError(message);
  error.code = code;
  if (reason !== undefined) error.reason = reason;
  return error;
}

describe('mapGcpError with errors from the wire', () => {
  it('reads not-found on a GET', async () => {
    const error = await sdkErrorOf(() => {}, (client, project) => client.get({ project, zone: 'us-central1-a', instance: 'missing' }));
    const mapped = mapGcpError(error, 'instances.get missing');
    expect(isNotFoundError(mapped)).toBe(true);
    expect(mapped.message).toContain("The resource 'projects/slipway-emulated/zones/us-central1-a/instances/missing' was not found");
  });

  it('reads 403 rateLimitExceeded on a POST as retryable with its Retry-After', async () => {
    const error = await sdkErrorOf(
      (running) => running.runtime.faults.throttleNext(1),
      (client, project) => client.insert({ project, zone: 'us-central1-a', instanceResource: { name: 'x' } }),
    );
    const mapped = mapGcpError(error, 'instances.insert x');
    expect(ProviderApiError.isInstance(mapped) && mapped.isRetryable).toBe(true);
    expect((mapped as ProviderApiError).code).toBe('rateLimitExceeded');
    expect((mapped as ProviderApiError).retryAfterMs).toBe(1000);
  });

  it('reads 5xx as retryable and 400 invalid as InvalidConfiguration', async () => {
    const serverError = await sdkErrorOf(
      (running) => running.runtime.faults.serverErrors({ next: 1 }),
      (client, project) => client.list({ project, zone: 'us-central1-a' }),
    );
    expect(mapGcpError(serverError, 'instances.list').isRetryable).toBe(true);
    const invalid = await sdkErrorOf(() => {}, (client, project) => client.insert({ project, zone: 'us-central1-a', instanceResource: { name: 'Bad_Name' } }));
    const mapped = mapGcpError(invalid, 'instances.insert');
    expect(TerminalError.isInstance(mapped) && mapped.reason).toBe('InvalidConfiguration');
    expect(mapped.message).toContain("Invalid value for field 'resource.name'");
  });

  it('reads a dropped connection as retryable', async () => {
    const error = await sdkErrorOf(
      (running) => running.runtime.faults.loseReplies({}),
      (client, project) => client.list({ project, zone: 'us-central1-a' }),
    );
    const mapped = mapGcpError(error, 'instances.list');
    expect(ProviderApiError.isInstance(mapped) && mapped.isRetryable).toBe(true);
  });
});

describe('mapGcpError with 7.x GoogleErrors', () => {
  it('maps gRPC NOT_FOUND, ALREADY_EXISTS, RESOURCE_EXHAUSTED and UNAVAILABLE', () => {
    expect(isNotFoundError(mapGcpError(googleError(Status.NOT_FOUND, 'gone'), 'instances.get'))).toBe(true);
    expect(isAlreadyExistsError(mapGcpError(googleError(Status.ALREADY_EXISTS, 'taken'), 'instances.insert'))).toBe(true);
    expect(mapGcpError(googleError(Status.RESOURCE_EXHAUSTED, 'slow down', 'RATE_LIMIT_EXCEEDED'), 'instances.list').isRetryable).toBe(true);
    expect(mapGcpError(googleError(Status.UNAVAILABLE, 'try later'), 'instances.list').isRetryable).toBe(true);
    const permission = mapGcpError(googleError(Status.PERMISSION_DENIED, 'no', 'IAM_PERMISSION_DENIED'), 'instances.insert');
    expect(TerminalError.isInstance(permission) && permission.reason).toBe('InvalidConfiguration');
    expect(permission.message).toContain('roles/compute.instanceAdmin.v1');
  });

  it('maps a 403 QUOTA_EXCEEDED reason to InsufficientResources', () => {
    const mapped = mapGcpError(googleError(Status.PERMISSION_DENIED, "Quota 'CPUS' exceeded", 'QUOTA_EXCEEDED'), 'instances.insert');
    expect(TerminalError.isInstance(mapped) && mapped.reason).toBe('InsufficientResources');
  });

  it('passes Slipway errors through unchanged', () => {
    const transient = new TransientError('already mapped');
    expect(mapGcpError(transient, 'x')).toBe(transient);
  });
});

describe('mapGcpOperationError', () => {
  it('maps stockouts and quotas to InsufficientResources, bad references to InvalidConfiguration, and nothing to nothing', () => {
    const stockout = mapGcpOperationError({ name: 'op', error: { errors: [{ code: 'ZONE_RESOURCE_POOL_EXHAUSTED', message: 'no capacity' }] }, httpErrorStatusCode: 503 }, 'instances.insert a');
    expect(TerminalError.isInstance(stockout) && stockout.reason).toBe('InsufficientResources');
    const quota = mapGcpOperationError({ error: { errors: [{ code: 'QUOTA_EXCEEDED', message: "Quota 'CPUS' exceeded" }] }, httpErrorStatusCode: 403 }, 'instances.insert a');
    expect(TerminalError.isInstance(quota) && quota.reason).toBe('InsufficientResources');
    const missing = mapGcpOperationError({ error: { errors: [{ code: 'RESOURCE_NOT_FOUND', message: 'no image' }] }, httpErrorStatusCode: 404 }, 'instances.insert a');
    expect(TerminalError.isInstance(missing) && missing.reason).toBe('InvalidConfiguration');
    const other = mapGcpOperationError({ error: { errors: [{ code: 'SOMETHING', message: 'odd' }] }, httpErrorStatusCode: 400 }, 'instances.delete a', 'DeleteError');
    expect(TerminalError.isInstance(other) && other.reason).toBe('DeleteError');
    expect(mapGcpOperationError({ status: 'DONE' }, 'instances.insert a')).toBeUndefined();
  });
});
