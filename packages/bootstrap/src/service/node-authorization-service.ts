import { createServer, type Server } from 'node:https';
import { createServer as createPlainServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { bootstrapPhases, type LoggerV1 } from '@slipway/core';
import { JoinRejectedError } from '../errors/join-rejected-error.js';
import type { MachineRegistryPort } from '../ports/machine-registry-port.js';
import type { SecretStorePort } from '../ports/secret-store-port.js';
import { publicKeyHash } from '../pki/public-key-hash.js';
import { isBootstrapPhase, isReportTimestamp, maximumLogTailLines, type BootstrapReport } from '../status/apply-bootstrap-report.js';
import { BootstrapTokenStore, defaultBootstrapNamespace, reportCredentialPattern } from '../tokens/bootstrap-token-store.js';
import { AddressRateLimiter } from './address-rate-limiter.js';
import { ConnectionGuard, defaultConnectionLimits, type ConnectionLimits } from './connection-guard.js';
import { encodeJoinGrant } from './join-grant-encoding.js';
import { NodeAuthorizer, type CertificateIssuance, type ReportCredential } from './node-authorizer.js';
import { ensureServiceCertificateAuthority, issueServingCertificate } from './service-certificate-authority.js';

/**
 * The HTTPS face of the node-authorization service. Machines dial out to it
 * (NAT, bastions and private networks are no obstacle); it answers:
 *   GET  /v1/ca      the service CA, fetched untrusted and then pinned by hash
 *   POST /v1/join    token + CSR -> kubelet client certificate, cluster material and a report credential
 *   POST /v1/report  the phases a machine reached (or the one it failed), in one call
 * `GET /v1/ca` is also answered in plain HTTP on the same port (the agent
 * checks it against the pin either way; it saves the service a handshake).
 * Limits, from the cheapest to the most specific: connections per source
 * address at accept time; short header, request and handshake timeouts; the
 * CA fetch in its own generous per-address bucket; refusals per address (what
 * a token guesser spends); authenticated calls per Machine (so a thousand
 * machines behind one NAT address each have their own budget).
 */
export interface NodeAuthorizationServiceOptions {
  host?: string;
  port?: number;
  /** Names (DNS or IP) machines use to reach the service; the serving certificate covers them. Default: host. */
  serverNames?: readonly string[];
  secrets: SecretStorePort;
  machines: MachineRegistryPort;
  clock?: { now(): number };
  /** Where the service CA and the bootstrap tokens live; must match the bootstrap hook's. */
  namespace?: string;
  /**
   * Refused requests per source address (bad tokens, malformed requests):
   * what guessing costs. Checked before each join and report; only refusals
   * spend it, so a fleet behind one address is not throttled by its successes.
   * Default 10/s, burst 40.
   */
  rateLimit?: { ratePerSecond: number; burst: number };
  /** `GET /v1/ca` per source address, apart from everything else (it is a static answer). Default 100/s, burst 1,000. */
  caRateLimit?: { ratePerSecond: number; burst: number };
  /** Authenticated calls (join, report) per Machine. Default 1/s, burst 10. */
  machineRateLimit?: { ratePerSecond: number; burst: number };
  /** Connections per source address at accept time. */
  connectionLimits?: Partial<ConnectionLimits>;
  /** Time to receive a request's headers, and the whole request; defaults 10 s and 30 s. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Time a TLS handshake may take; default 10 s. */
  handshakeTimeoutMs?: number;
  clientCertificateValidityMs?: number;
  issuance?: CertificateIssuance;
  logger?: LoggerV1;
  maximumBodyBytes?: number;
  /** Pending-connection queue; raise it when thousands of machines boot at once. Default 511, as Node's. */
  listenBacklog?: number;
  /**
   * Lets several service processes listen on the same port (Linux
   * SO_REUSEPORT; the kernel spreads connections over them). They must share
   * one store: the service CA, tokens and redemptions live there, and a
   * Machine's redemption is a first-writer-wins create, so two processes
   * cannot both redeem it. Per-address limits then apply per process.
   */
  reusePort?: boolean;
}

export interface NodeAuthorizationService {
  /** `https://host:port`, for user data. */
  url: string;
  /** The pin agents check: `sha256:<hex>` of the service CA's public key. */
  caHash: string;
  caCertificatePem: string;
  authorizer: NodeAuthorizer;
  /** Connections closed at accept time. */
  connections: ConnectionGuard;
  stop(): Promise<void>;
}

class RequestProblem extends Error {}

const bootstrapPhaseCount = bootstrapPhases.length;

/** TLS 1.3, and TLS 1.2 with forward-secret AEAD suites only (no CBC, no SHA-1 MACs, no RSA key exchange). */
export const serviceCipherSuites = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
].join(':');

const formContentType = 'application/x-www-form-urlencoded';

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        // Answer 413 instead of resetting the connection mid-body.
        refused = true;
        reject(new JoinRejectedError('BodyTooLarge', `the request body is over ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

function bearerValue(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function requiredField(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (value === null || value === '') throw new JoinRejectedError('MalformedRequest', `the form field ${name} is required`);
  return value;
}

function redactLogTail(text: string): string[] {
  const lines = text.replace(/\r/g, '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  // The agent redacts too; this holds even for an agent that forgot to.
  return lines
    .slice(-maximumLogTailLines)
    .map((line) => line.slice(0, 1000).replace(/\b[a-z0-9]{6}\.[a-z0-9]{16}\b/g, '<redacted-token>').replace(/\breport\.[A-Za-z0-9_-]{43}/g, '<redacted-credential>').replace(/(BEGIN|END) [A-Z ]*PRIVATE KEY/g, '<redacted-key>'));
}

/**
 * The report form: `report` fields `PHASE OUTCOME TIMESTAMP` (one per phase
 * reached since the last report, at most one failed, and that one last), and
 * for a failure `exit-code` and `log-tail`.
 */
export function parseReports(form: URLSearchParams, now: number): BootstrapReport[] {
  const entries = form.getAll('report');
  if (entries.length === 0) throw new JoinRejectedError('MalformedRequest', 'the form field report ("PHASE OUTCOME TIMESTAMP") is required');
  if (entries.length > bootstrapPhaseCount) throw new JoinRejectedError('MalformedRequest', `at most ${bootstrapPhaseCount} report fields are accepted`);
  const reports = entries.map((entry): BootstrapReport => {
    const [phase = '', outcome = '', reportedAt = ''] = entry.split(' ');
    if (!isBootstrapPhase(phase)) throw new JoinRejectedError('MalformedRequest', `phase ${JSON.stringify(phase.slice(0, 40))} is not a bootstrap phase`);
    if (outcome !== 'succeeded' && outcome !== 'failed') throw new JoinRejectedError('MalformedRequest', 'outcome must be succeeded or failed');
    // The machine's own clock, when it gave a readable one; the service's otherwise.
    return { phase, outcome, timestamp: isReportTimestamp(reportedAt) ? reportedAt : new Date(now).toISOString() };
  });
  const failures = reports.filter((report) => report.outcome === 'failed');
  if (failures.length > 1 || (failures.length === 1 && reports[reports.length - 1]?.outcome !== 'failed')) {
    throw new JoinRejectedError('MalformedRequest', 'a report may hold one failed phase, as its last entry');
  }
  const failure = failures[0];
  if (failure) {
    const exitCode = Number(form.get('exit-code') ?? '1');
    failure.exitCode = Number.isInteger(exitCode) ? exitCode : 1;
    failure.logTail = redactLogTail(form.get('log-tail') ?? '');
  }
  return reports;
}

export async function startNodeAuthorizationService(options: NodeAuthorizationServiceOptions): Promise<NodeAuthorizationService> {
  const clock = options.clock ?? { now: () => Date.now() };
  const host = options.host ?? '127.0.0.1';
  const namespace = options.namespace ?? defaultBootstrapNamespace;
  const maximumBodyBytes = options.maximumBodyBytes ?? 64 * 1024;
  // Settings are checked before anything is written, so a bad option changes nothing.
  const refusals = new AddressRateLimiter({ ...(options.rateLimit ?? { ratePerSecond: 10, burst: 40 }), clock });
  const caFetches = new AddressRateLimiter({ ...(options.caRateLimit ?? { ratePerSecond: 100, burst: 1000 }), clock });
  const machineRateLimiter = new AddressRateLimiter({ ...(options.machineRateLimit ?? { ratePerSecond: 1, burst: 10 }), clock });
  const connections = new ConnectionGuard({ ...defaultConnectionLimits, ...options.connectionLimits }, clock);
  const authority = await ensureServiceCertificateAuthority(options.secrets, namespace, new Date(clock.now()));
  const serving = issueServingCertificate(authority, options.serverNames ?? [host], new Date(clock.now()));
  const tokens = new BootstrapTokenStore({ secrets: options.secrets, clock, namespace });
  const authorizer = new NodeAuthorizer({
    secrets: options.secrets,
    machines: options.machines,
    tokens,
    clock,
    machineRateLimiter,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.clientCertificateValidityMs !== undefined ? { clientCertificateValidityMs: options.clientCertificateValidityMs } : {}),
    ...(options.issuance ? { issuance: options.issuance } : {}),
  });

  const send = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
    response.end(body);
  };
  const rateLimited = (response: ServerResponse, waitMs: number, what: string): void =>
    send(response, 429, `RateLimited: too many ${what}; retry later\n`, { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const sourceAddress = request.socket.remoteAddress ?? 'unknown';
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/v1/ca') {
      const waitMs = caFetches.take(sourceAddress);
      if (waitMs > 0) return rateLimited(response, waitMs, 'CA fetches from this address');
      return send(response, 200, authority.certificatePem, { 'content-type': 'application/x-pem-file' });
    }
    if (request.method === 'GET' && path === '/healthz') return send(response, 200, 'ok\n');
    if (request.method !== 'POST' || (path !== '/v1/join' && path !== '/v1/report')) {
      throw new RequestProblem(`no route for ${(request.method ?? '').slice(0, 10)} ${(path ?? '').slice(0, 100)}`);
    }
    const waitMs = refusals.waitFor(sourceAddress);
    if (waitMs > 0) return rateLimited(response, waitMs, 'refused requests from this address');
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== formContentType) throw new JoinRejectedError('UnsupportedMediaType', `the body must be ${formContentType}`);
    const declaredLength = Number(request.headers['content-length'] ?? '0');
    if (declaredLength > maximumBodyBytes) throw new JoinRejectedError('BodyTooLarge', `the request body is over ${maximumBodyBytes} bytes`);
    const form = new URLSearchParams(await readBody(request, maximumBodyBytes));
    const presented = bearerValue(request);
    if (path === '/v1/join') {
      if (!presented) throw new JoinRejectedError('TokenInvalid', 'the request carries no "Authorization: Bearer <token>" header');
      const receivedAt = form.get('received-at');
      const grant = await authorizer.join({
        token: presented,
        certificateRequestPem: requiredField(form, 'csr'),
        sourceAddress,
        ...(receivedAt ? { receivedAt } : {}),
      });
      return send(response, 200, encodeJoinGrant(grant));
    }
    const machineUid = requiredField(form, 'machine-uid');
    const reports = parseReports(form, clock.now());
    let credential: ReportCredential;
    if (presented && reportCredentialPattern.test(presented)) credential = { kind: 'report', credential: presented };
    else if (presented) credential = { kind: 'token', token: presented };
    else throw new JoinRejectedError('ReportUnauthorized', 'a report needs "Authorization: Bearer" with the report credential from the join, or the bootstrap token before it');
    await authorizer.report({ machineUid, credential, reports, sourceAddress });
    send(response, 204, '');
  };

  const refuse = (request: IncomingMessage, response: ServerResponse, error: unknown): void => {
    // Every refusal spends from the source address's budget: that is what guessing tokens costs.
    const sourceAddress = request.socket.remoteAddress ?? 'unknown';
    if (JoinRejectedError.isInstance(error)) {
      if (error.code === 'RateLimited') return rateLimited(response, error.retryAfterMs ?? 1000, 'requests for this Machine');
      if (error.httpStatus < 500) refusals.take(sourceAddress);
      // An oversize body is not reset mid-way (the client would see a broken pipe, not
      // the 413): Node discards the rest of it, bounded by the request timeout.
      send(response, error.httpStatus, `${error.code}: ${error.message}\n`);
      return;
    }
    if (error instanceof RequestProblem) {
      refusals.take(sourceAddress);
      return send(response, 404, `NotFound: ${error.message}\n`);
    }
    options.logger?.error('node-authorization request failed', { error: error instanceof Error ? error.message : String(error) });
    send(response, 500, 'InternalError: the service failed to handle the request; retry\n');
  };

  const timeouts = {
    headersTimeout: options.headersTimeoutMs ?? 10_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    keepAliveTimeout: 5_000,
    // Node checks the two timeouts above only this often (30 s by default).
    connectionsCheckingInterval: Math.min(1_000, options.headersTimeoutMs ?? 10_000),
  };
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000;
  const secure: Server = createServer(
    { key: serving.privateKeyPem, cert: serving.certificatePem, minVersion: 'TLSv1.2', ciphers: serviceCipherSuites, honorCipherOrder: true, handshakeTimeout: handshakeTimeoutMs, ...timeouts },
    (request, response) => {
      handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) refuse(request, response, error);
      });
    },
  );
  // curl sends "Expect: 100-continue" before a large body: refuse an oversize one before it is sent.
  secure.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    if (Number(request.headers['content-length'] ?? '0') > maximumBodyBytes) {
      return refuse(request, response, new JoinRejectedError('BodyTooLarge', `the request body is over ${maximumBodyBytes} bytes`));
    }
    response.writeContinue();
    secure.emit('request', request, response);
  });
  // A half-open handshake or garbage instead of TLS: drop it quietly.
  secure.on('tlsClientError', (_error: Error, socket: Socket) => socket.destroy());

  // The CA answer is public and checked against the pin by the agent, so it is
  // served without TLS too, on the same port: fetching it then costs the
  // service no handshake (a third of a machine's service CPU). Only
  // `GET /v1/ca` and `/healthz` are answered in plain HTTP; nothing carrying a
  // credential is.
  const plain = createPlainServer(timeouts, (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const sourceAddress = request.socket.remoteAddress ?? 'unknown';
    if (request.method === 'GET' && path === '/v1/ca') {
      const waitMs = caFetches.take(sourceAddress);
      if (waitMs > 0) return rateLimited(response, waitMs, 'CA fetches from this address');
      return send(response, 200, authority.certificatePem, { 'content-type': 'application/x-pem-file' });
    }
    if (request.method === 'GET' && path === '/healthz') return send(response, 200, 'ok\n');
    refusals.take(sourceAddress);
    send(response, 400, 'PlainHttpRefused: only GET /v1/ca is served without TLS; use https\n', { connection: 'close' });
  });
  // Both inner servers never listen themselves; their connection tracking (for the timeouts) starts on this event.
  secure.emit('listening');
  plain.emit('listening');

  // One port: the first byte of a connection says which protocol it speaks (0x16, a TLS handshake record).
  const server = createNetServer({ pauseOnConnect: true }, (socket) => {
    if (!connections.admit(socket)) return;
    socket.setTimeout(handshakeTimeoutMs, () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(chunk);
      (chunk[0] === 0x16 ? secure : plain).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
    socket.on('error', () => socket.destroy());
    socket.resume();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host, backlog: options.listenBacklog ?? 511, ...(options.reusePort ? { reusePort: true } : {}) }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port ?? 0;
  const urlHost = options.serverNames?.[0] ?? host;
  return {
    url: `https://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}`,
    caHash: publicKeyHash(authority.certificate),
    caCertificatePem: authority.certificatePem,
    authorizer,
    connections,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const inner of [secure, plain]) {
          inner.closeAllConnections();
          inner.close();
        }
        connections.destroyAll();
      }),
  };
}
