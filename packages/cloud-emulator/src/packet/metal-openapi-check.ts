/**
 * Checks exchanges with the Metal API against its own OpenAPI description
 * (the operations Slipway uses, generated from shared/specs/metal-v1) with
 * openapi-backend's validator: each request's path, query and body, and each
 * answer's status and body. Plug its `observe` into the emulator (or any
 * recorded exchange) and read `violations`: client, emulator and API cannot
 * drift apart without a test saying where.
 *
 * The description documents no 429 or 5xx answers although the API gives them;
 * those are checked against the `Error` schema the operation's 401 answer uses.
 */
import { OpenAPIBackend, type Document } from 'openapi-backend';
import { default as addFormats } from 'ajv-formats';
import type { MetalExchangeObserver } from './metal-service.js';
import { metalApiV1Description } from './generated/metal-api-v1-description.js';

export interface MetalOpenApiCheck {
  /** The observer to give `startMetalEmulator({ observe })`. */
  observe: MetalExchangeObserver;
  /** Every disagreement found so far, one sentence each. */
  readonly violations: string[];
  /** How many exchanges were checked, by operationId. */
  checkedOperations(): Record<string, number>;
}

type Documented = Record<string, { responses?: Record<string, unknown> }>;

interface CompiledDescription {
  api: OpenAPIBackend;
  documentedStatuses: Map<string, Set<string>>;
}

// Compiling the description's schemas takes about a second; every check shares one compilation.
let compiled: Promise<CompiledDescription> | undefined;

async function compile(): Promise<CompiledDescription> {
  const definition = structuredClone(metalApiV1Description) as unknown as Document;
  const api = new OpenAPIBackend({ definition, apiRoot: '/metal/v1', strict: false, quick: false, validate: true, ajvOpts: { strict: false },
    // uuid, date-time, ipv4...: the formats the description names are checked too, not ignored.
    customizeAjv: (ajv) => {
      addFormats.default(ajv);
      return ajv;
    },
  });
  await api.init();
  const documentedStatuses = new Map<string, Set<string>>();
  for (const item of Object.values((definition as unknown as { paths: Record<string, Documented> }).paths)) {
    for (const operation of Object.values(item) as { operationId?: string; responses?: Record<string, unknown> }[]) {
      if (operation.operationId) documentedStatuses.set(operation.operationId, new Set(Object.keys(operation.responses ?? {})));
    }
  }
  return { api, documentedStatuses };
}

export async function createMetalOpenApiCheck(): Promise<MetalOpenApiCheck> {
  compiled ??= compile();
  const { api, documentedStatuses } = await compiled;
  const violations: string[] = [];
  const counts = new Map<string, number>();
  const describe = (errors: readonly { instancePath?: string; message?: string; params?: unknown }[] | null | undefined): string =>
    (errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params ?? {})}`).join('; ');

  const observe: MetalExchangeObserver = ({ operationId, request, reply }) => {
    const where = `${request.method} ${request.url.pathname}${request.url.search}`;
    const operation = api.router.matchOperation({ method: request.method, path: request.url.pathname, headers: {}, query: {} });
    if (operation === undefined || operation.operationId !== operationId) {
      violations.push(`${where}: the emulator answered it as ${operationId}, the description has ${operation?.operationId ?? 'no such operation'}`);
      return;
    }
    counts.set(operationId, (counts.get(operationId) ?? 0) + 1);
    let body: unknown;
    try {
      body = request.json();
    } catch {
      body = request.text();
    }
    const query: Record<string, string> = Object.fromEntries(request.url.searchParams);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : (value ?? '')]));
    if (!headers['x-auth-token']) violations.push(`${where}: the request carries no X-Auth-Token`);
    const requestResult = api.validator.validateRequest({ method: request.method, path: request.url.pathname, query, headers, ...(body !== undefined ? { body } : {}) }, operation);
    if (!requestResult.valid) violations.push(`${where} (${operationId}) request: ${describe(requestResult.errors)}`);

    const status = String(reply.status);
    const documented = documentedStatuses.get(operationId) ?? new Set<string>();
    const fault = reply.status === 429 || reply.status >= 500;
    if (!documented.has(status) && !fault) {
      violations.push(`${where} (${operationId}): status ${status} is not documented (documented: ${[...documented].join(', ')})`);
      return;
    }
    if (reply.status === 204) {
      if (reply.body !== undefined && (reply.body as { length?: number }).length !== 0) violations.push(`${where} (${operationId}): a 204 answer carries a body`);
      return;
    }
    const answer = typeof reply.body === 'string' || reply.body instanceof Uint8Array ? JSON.parse(Buffer.from(reply.body).toString('utf8')) : reply.body;
    const responseResult = api.validator.validateResponse(answer, operation, fault ? 401 : reply.status);
    if (!responseResult.valid) violations.push(`${where} (${operationId}) answer ${status}: ${describe(responseResult.errors)}`);
  };

  return { observe, violations, checkedOperations: () => Object.fromEntries(counts) };
}
