import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { LoggerV1 } from '@slipway/core';
import { JoinRejectedError } from '../errors/join-rejected-error.js';
import type { MachineRegistryPort } from '../ports/machine-registry-port.js';
import type { SecretStorePort } from '../ports/secret-store-port.js';
import { publicKeyHash } from '../pki/public-key-hash.js';
import { isBootstrapPhase, maximumLogTailLines, type BootstrapReport } from '../status/apply-bootstrap-report.js';
import { BootstrapTokenStore, defaultBootstrapNamespace } from '../tokens/bootstrap-token-store.js';
import { AddressRateLimiter } from './address-rate-limiter.js';
import { encodeJoinGrant } from './join-grant-encoding.js';
import { NodeAuthorizer, type CertificateIssuance, type ReportCredential } from './node-authorizer.js';
import { ensureServiceCertificateAuthority, issueServingCertificate } from './service-certificate-authority.js';

/**
 * The HTTPS face of the node-authorization service. Machines dial out to it
 * (NAT, bastions and private networks are no obstacle); it answers:
 *   GET  /v1/ca      the service CA, fetched untrusted and then pinned by hash
 *   POST /v1/join    token + CSR -> kubelet client certificate and cluster material
 *   POST /v1/report  a bootstrap phase reached or failed
 * Every request is rate-limited per source address.
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
  rateLimit?: { ratePerSecond: number; burst: number };
  clientCertificateValidityMs?: number;
  issuance?: CertificateIssuance;
  logger?: LoggerV1;
  maximumBodyBytes?: number;
  /** Pending-connection queue; raise it when thousands of machines boot at once. Default 511, as Node's. */
  listenBacklog?: number;
}

export interface NodeAuthorizationService {
  /** `https://host:port`, for user data. */
  url: string;
  /** The pin agents check: `sha256:<hex>` of the service CA's public key. */
  caHash: string;
  caCertificatePem: string;
  authorizer: NodeAuthorizer;
  stop(): Promise<void>;
}

class RequestProblem extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new JoinRejectedError('MalformedRequest', `the request body is over ${limit} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function bearerToken(request: IncomingMessage): string | undefined {
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

function parseReport(form: URLSearchParams, now: number): BootstrapReport {
  const phase = requiredField(form, 'phase');
  if (!isBootstrapPhase(phase)) throw new JoinRejectedError('MalformedRequest', `phase ${JSON.stringify(phase.slice(0, 40))} is not a bootstrap phase`);
  const outcome = requiredField(form, 'outcome');
  if (outcome !== 'succeeded' && outcome !== 'failed') throw new JoinRejectedError('MalformedRequest', 'outcome must be succeeded or failed');
  const reportedAt = form.get('timestamp') ?? '';
  // The machine's own clock, when it gave a readable one; the service's otherwise.
  const timestamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(reportedAt) && !Number.isNaN(Date.parse(reportedAt)) ? reportedAt : new Date(now).toISOString();
  const report: BootstrapReport = { phase, outcome, timestamp };
  if (outcome === 'failed') {
    const exitCode = Number(form.get('exit-code') ?? '1');
    report.exitCode = Number.isInteger(exitCode) ? exitCode : 1;
    const lines = (form.get('log-tail') ?? '').replace(/\r/g, '').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    // The agent redacts too; this holds even for an agent that forgot to.
    report.logTail = lines
      .slice(-maximumLogTailLines)
      .map((line) => line.slice(0, 1000).replace(/\b[a-z0-9]{6}\.[a-z0-9]{16}\b/g, '<redacted-token>').replace(/(BEGIN|END) [A-Z ]*PRIVATE KEY/g, '<redacted-key>'));
  }
  return report;
}

export async function startNodeAuthorizationService(options: NodeAuthorizationServiceOptions): Promise<NodeAuthorizationService> {
  const clock = options.clock ?? { now: () => Date.now() };
  const host = options.host ?? '127.0.0.1';
  const namespace = options.namespace ?? defaultBootstrapNamespace;
  const maximumBodyBytes = options.maximumBodyBytes ?? 64 * 1024;
  // Settings are checked before anything is written, so a bad option changes nothing.
  const limiter = new AddressRateLimiter({ ...(options.rateLimit ?? { ratePerSecond: 10, burst: 40 }), clock });
  const authority = await ensureServiceCertificateAuthority(options.secrets, namespace, new Date(clock.now()));
  const serving = issueServingCertificate(authority, options.serverNames ?? [host], new Date(clock.now()));
  const tokens = new BootstrapTokenStore({ secrets: options.secrets, clock, namespace });
  const authorizer = new NodeAuthorizer({
    secrets: options.secrets,
    machines: options.machines,
    tokens,
    clock,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.clientCertificateValidityMs !== undefined ? { clientCertificateValidityMs: options.clientCertificateValidityMs } : {}),
    ...(options.issuance ? { issuance: options.issuance } : {}),
  });

  const send = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
    response.end(body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const sourceAddress = request.socket.remoteAddress ?? 'unknown';
    const waitMs = limiter.take(sourceAddress);
    if (waitMs > 0) {
      send(response, 429, 'RateLimited: too many requests from this address; retry later\n', { 'retry-after': String(Math.ceil(waitMs / 1000)) });
      return;
    }
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/v1/ca') return send(response, 200, authority.certificatePem, { 'content-type': 'application/x-pem-file' });
    if (request.method === 'GET' && path === '/healthz') return send(response, 200, 'ok\n');
    if (request.method !== 'POST' || (path !== '/v1/join' && path !== '/v1/report')) {
      throw new RequestProblem(`no route for ${request.method ?? ''} ${path ?? ''}`);
    }
    const form = new URLSearchParams(await readBody(request, maximumBodyBytes));
    if (path === '/v1/join') {
      const token = bearerToken(request);
      if (!token) throw new JoinRejectedError('TokenInvalid', 'the request carries no "Authorization: Bearer <token>" header');
      const grant = await authorizer.join({ token, certificateRequestPem: requiredField(form, 'csr'), sourceAddress });
      return send(response, 200, encodeJoinGrant(grant));
    }
    const machineUid = requiredField(form, 'machine-uid');
    const token = bearerToken(request);
    const peerCertificate = (request.socket as TLSSocket).getPeerX509Certificate?.();
    let credential: ReportCredential;
    if (peerCertificate) credential = { kind: 'certificate', certificate: peerCertificate };
    else if (token) credential = { kind: 'token', token };
    else throw new JoinRejectedError('TokenInvalid', 'a report needs the bootstrap token or the kubelet client certificate');
    await authorizer.report({ machineUid, credential, report: parseReport(form, clock.now()), sourceAddress });
    send(response, 204, '');
  };

  const server: Server = createServer(
    { key: serving.privateKeyPem, cert: serving.certificatePem, requestCert: true, rejectUnauthorized: false },
    (request, response) => {
      handle(request, response).catch((error: unknown) => {
        if (response.headersSent) return;
        if (JoinRejectedError.isInstance(error)) return send(response, error.httpStatus, `${error.code}: ${error.message}\n`);
        if (error instanceof RequestProblem) return send(response, 404, `NotFound: ${error.message}\n`);
        options.logger?.error('node-authorization request failed', { error: error instanceof Error ? error.message : String(error) });
        send(response, 500, 'InternalError: the service failed to handle the request; retry\n');
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, options.listenBacklog ?? 511, () => {
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
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
