/**
 * Serves one cloud emulator on 127.0.0.1 on a free port, over HTTP or over HTTPS
 * with a certificate authority generated at start. Every request goes through
 * the runtime's `perform` (call log + faults); a lost reply destroys the socket
 * without answering, which the client sees as a connection reset.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { CloudFault } from '../faults/cloud-fault.js';
import { LostReply } from '../faults/lost-reply.js';
import type { EmulatorRuntime } from '../runtime/emulator-runtime.js';
import type { EmulatorHttpReply, EmulatorHttpRequest, HttpEmulatorService } from './emulator-http-request.js';
import { createSelfSignedCertificate } from './self-signed-certificate.js';

export interface StartHttpEmulatorOptions {
  runtime: EmulatorRuntime;
  service: HttpEmulatorService;
  /** `http` (default) or `https` with a self-signed certificate for 127.0.0.1 and localhost. */
  protocol?: 'http' | 'https';
  /** Default 0: a free port. */
  port?: number;
}

export interface RunningHttpEmulator {
  /** `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`, without a trailing slash. */
  endpoint: string;
  port: number;
  protocol: 'http' | 'https';
  /** The PEM certificate authority to trust (HTTPS only). */
  certificateAuthority: string | undefined;
  /** Closes the server, drops open connections and disposes the runtime. Safe to call twice. */
  stop(): Promise<void>;
}

function requestOf(message: IncomingMessage, body: Buffer, protocol: string): EmulatorHttpRequest {
  const url = new URL(message.url ?? '/', `${protocol}://${message.headers.host ?? '127.0.0.1'}`);
  return {
    method: (message.method ?? 'GET').toUpperCase(),
    url,
    path: decodeURIComponent(url.pathname),
    headers: message.headers,
    body,
    text: () => body.toString('utf8'),
    json: () => {
      try {
        return body.length === 0 ? undefined : (JSON.parse(body.toString('utf8')) as unknown);
      } catch (error) {
        throw new CloudFault(`The request body is not valid JSON: ${(error as Error).message}`, { kind: 'invalid-request' });
      }
    },
    form: () => new URLSearchParams(body.toString('utf8')),
  };
}

function send(response: ServerResponse, reply: EmulatorHttpReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | Uint8Array | undefined;
  if (reply.body === undefined || typeof reply.body === 'string' || reply.body instanceof Uint8Array) {
    payload = reply.body;
  } else {
    payload = JSON.stringify(reply.body);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  response.writeHead(reply.status, headers);
  response.end(payload);
}

export async function startHttpEmulator(options: StartHttpEmulatorOptions): Promise<RunningHttpEmulator> {
  const { runtime, service } = options;
  const protocol = options.protocol ?? 'http';
  const sockets = new Set<Socket>();

  const handler = (message: IncomingMessage, response: ServerResponse): void => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => {
      const request = requestOf(message, Buffer.concat(chunks), protocol);
      let action = 'Unknown';
      void (async () => {
        try {
          action = service.actionOf(request);
          const reply = await runtime.perform(action, () => service.handle(request, action));
          send(response, reply);
        } catch (error) {
          if (LostReply.isInstance(error)) {
            message.socket.destroy();
          } else if (CloudFault.isInstance(error)) {
            send(response, service.renderError(error, request, action));
          } else {
            send(response, {
              status: 500,
              headers: { 'content-type': 'text/plain' },
              body: `emulator failure in ${action}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
            });
          }
        }
      })();
    });
  };

  let certificateAuthority: string | undefined;
  let server: Server;
  if (protocol === 'https') {
    const tls = createSelfSignedCertificate();
    certificateAuthority = tls.certificateAuthority;
    server = createHttpsServer({ cert: tls.certificate, key: tls.privateKey }, handler);
  } else {
    server = createHttpServer(handler);
  }
  // Node closes idle keep-alive sockets after 5 s; a client that sends on one just as it closes
  // sees ECONNRESET for a request the server never read. Clouds keep connections far longer, and
  // SDK agents close theirs first, so the emulator never races its clients this way.
  server.keepAliveTimeout = 10 * 60_000;
  server.headersTimeout = 10 * 60_000 + 1000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `${protocol}://127.0.0.1:${port}`,
    port,
    protocol,
    certificateAuthority,
    stop: () => {
      stopped ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        await runtime.dispose();
      })();
      return stopped;
    },
  };
}
