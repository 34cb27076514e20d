/**
 * The HTTP transport every OpenStack request goes through: node:http/https with
 * one keep-alive agent, the CA bundle of OS_CACERT / `cacert`, and TLS
 * verification turned off only when the configuration explicitly says so
 * (`verify: false`, OS_INSECURE=true). It is the "SDK client" of this provider:
 * tests may inject another, and the API client keeps its policy around it.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface OpenStackHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface OpenStackHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface OpenStackTransport {
  send(request: OpenStackHttpRequest): Promise<OpenStackHttpResponse>;
  /** Releases sockets; injected transports belong to whoever made them. */
  close(): Promise<void>;
}

export interface NodeTransportOptions {
  /** PEM certificate authorities to trust (OS_CACERT), on top of none: a private cloud's CA replaces the public ones. */
  certificateAuthority?: string;
  /** False turns TLS verification off; only ever set from an explicit `verify: false` / OS_INSECURE. */
  verifyTls?: boolean;
  /** Milliseconds before a request with no answer is abandoned; default 60 000. */
  timeoutMs?: number;
}

/** A transport on node:http/https with keep-alive agents. */
export function createNodeTransport(options: NodeTransportOptions = {}): OpenStackTransport {
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  const httpsAgent = new HttpsAgent({
    keepAlive: true,
    maxSockets: 64,
    ...(options.certificateAuthority !== undefined ? { ca: options.certificateAuthority } : {}),
    rejectUnauthorized: options.verifyTls !== false,
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    send: (request) =>
      new Promise<OpenStackHttpResponse>((resolve, reject) => {
        const url = new URL(request.url);
        const secure = url.protocol === 'https:';
        const send = secure ? httpsRequest : httpRequest;
        const outgoing = send(
          url,
          {
            method: request.method,
            headers: { ...request.headers, ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}) },
            agent: secure ? httpsAgent : httpAgent,
            timeout: timeoutMs,
            ...(request.signal !== undefined ? { signal: request.signal } : {}),
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () => {
              const headers: Record<string, string> = {};
              for (const [name, value] of Object.entries(response.headers)) {
                if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
              }
              resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
            });
          },
        );
        outgoing.on('timeout', () => outgoing.destroy(Object.assign(new Error(`no answer from ${url.origin} within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
        outgoing.on('error', reject);
        outgoing.end(request.body);
      }),
    close: async () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
