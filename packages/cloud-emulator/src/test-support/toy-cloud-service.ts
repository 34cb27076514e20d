/**
 * A tiny JSON cloud for the framework's own tests: POST /instances launches,
 * GET /instances lists (eventually consistent), DELETE /instances/:id terminates.
 * Errors look like `{ "error": { "code", "message" } }`.
 */
import type { CloudFault } from '../faults/cloud-fault.js';
import type { EmulatorRuntime } from '../runtime/emulator-runtime.js';
import type { EmulatorHttpReply, EmulatorHttpRequest, HttpEmulatorService } from '../server/emulator-http-request.js';
import { CloudFault as Fault } from '../faults/cloud-fault.js';

const statusOf: Record<CloudFault['kind'], number> = {
  throttling: 429,
  'server-error': 503,
  quota: 403,
  'not-found': 404,
  'invalid-request': 400,
  conflict: 409,
};

export function toyCloudService(runtime: EmulatorRuntime): HttpEmulatorService {
  return {
    actionOf: (request) => {
      if (request.path === '/instances' && request.method === 'POST') return 'CreateInstance';
      if (request.path === '/instances' && request.method === 'GET') return 'ListInstances';
      if (request.path.startsWith('/instances/') && request.method === 'DELETE') return 'DeleteInstance';
      return 'Unknown';
    },
    handle: (request, action): EmulatorHttpReply => {
      switch (action) {
        case 'CreateInstance': {
          const body = request.json() as { token?: string; tags?: Record<string, string>; userData?: string };
          const existing = body.token ? runtime.store.findByIdempotencyKey('instance', body.token) : undefined;
          const instance =
            existing ??
            runtime.lifecycle.launch({
              idPrefix: 'i',
              tags: body.tags ?? {},
              ...(body.token ? { idempotencyKey: body.token } : {}),
              ...(body.userData ? { userData: Buffer.from(body.userData, 'base64') } : {}),
            });
          return { status: 201, body: { id: instance.id, state: instance.state } };
        }
        case 'ListInstances':
          return {
            status: 200,
            body: { instances: runtime.store.list({ kind: 'instance' }).map(({ id, state, tags }) => ({ id, state, tags })) },
          };
        case 'DeleteInstance': {
          const id = request.path.slice('/instances/'.length);
          if (runtime.lifecycle.terminate(id) === undefined) throw new Fault(`no instance ${id}`, { kind: 'not-found' });
          return { status: 204 };
        }
        default:
          throw new Fault(`unknown route ${request.method} ${request.path}`, { kind: 'invalid-request' });
      }
    },
    renderError: (fault) => ({
      status: fault.status ?? statusOf[fault.kind],
      headers: fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : ({} as Record<string, string>),
      body: { error: { code: fault.code ?? fault.kind, message: fault.message } },
    }),
  };
}
