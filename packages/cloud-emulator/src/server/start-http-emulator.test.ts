import { afterEach, describe, expect, it } from 'vitest';
import { request as httpsRequest } from 'node:https';
import { createEmulatorRuntime } from '../runtime/emulator-runtime.js';
import { toyCloudService } from '../test-support/toy-cloud-service.js';
import { startHttpEmulator, type RunningHttpEmulator } from './start-http-emulator.js';

let emulator: RunningHttpEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

const start = async (protocol: 'http' | 'https') => {
  const runtime = createEmulatorRuntime({ clock: { mode: 'manual', startAt: 0 } });
  emulator = await startHttpEmulator({ runtime, service: toyCloudService(runtime), protocol });
  return { runtime, emulator };
};

describe('startHttpEmulator', () => {
  it('serves plain HTTP on 127.0.0.1 and logs the action of each call', async () => {
    const { runtime, emulator } = await start('http');
    expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await fetch(`${emulator.endpoint}/instances`, {
      method: 'POST',
      body: JSON.stringify({ token: 't-1', tags: { owner: 'me' } }),
    });
    expect(created.status).toBe(201);
    const listed = (await (await fetch(`${emulator.endpoint}/instances`)).json()) as { instances: unknown[] };
    expect(listed.instances).toHaveLength(1);
    expect(runtime.inspect.callLog.countsByAction()).toEqual({ CreateInstance: 1, ListInstances: 1 });
    expect(runtime.inspect.instances({ tags: { owner: 'me' } })).toHaveLength(1);
  });

  it('serves HTTPS with a generated authority that a client can trust', async () => {
    const { emulator } = await start('https');
    expect(emulator.certificateAuthority).toContain('BEGIN CERTIFICATE');
    const body = await new Promise<string>((resolve, reject) => {
      const call = httpsRequest(`${emulator.endpoint}/instances`, { ca: emulator.certificateAuthority }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve(text));
      });
      call.on('error', reject);
      call.end();
    });
    expect(JSON.parse(body)).toEqual({ instances: [] });
  });

  it('renders injected faults in the cloud error shape with Retry-After', async () => {
    const { runtime, emulator } = await start('http');
    runtime.faults.throttleNext(1);
    const answer = await fetch(`${emulator.endpoint}/instances`);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(await answer.json()).toEqual({ error: { code: 'throttling', message: 'Request limit exceeded for ListInstances.' } });
  });

  it('drops the connection on a lost reply after doing the work', async () => {
    const { runtime, emulator } = await start('http');
    runtime.faults.loseReplies({ actions: ['CreateInstance'] });
    await expect(
      fetch(`${emulator.endpoint}/instances`, { method: 'POST', body: JSON.stringify({ token: 'once' }) }),
    ).rejects.toThrow();
    expect(runtime.inspect.instances()).toHaveLength(1);
    // The retry with the same token finds the instance instead of making a second one.
    const retried = await fetch(`${emulator.endpoint}/instances`, { method: 'POST', body: JSON.stringify({ token: 'once' }) });
    expect(retried.status).toBe(201);
    expect(runtime.inspect.instances()).toHaveLength(1);
    expect(runtime.callLog.countByOutcome('lost-reply')).toBe(1);
  });

  it('answers a request the service cannot parse with its invalid-request shape', async () => {
    const { emulator } = await start('http');
    const answer = await fetch(`${emulator.endpoint}/instances`, { method: 'POST', body: '{not json' });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('invalid-request');
  });
});
