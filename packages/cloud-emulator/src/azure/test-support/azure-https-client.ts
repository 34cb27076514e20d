/**
 * A bare HTTPS client for the emulator's own tests: trusts the emulator's
 * certificate authority for this request only and returns status, headers
 * and the parsed JSON body.
 */
import { request } from 'node:https';

export interface AzureTestReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | undefined;
}

export function azureRequest(
  emulator: { endpoint: string; certificateAuthority: string },
  method: string,
  pathOrUrl: string,
  body?: unknown,
): Promise<AzureTestReply> {
  const url = new URL(pathOrUrl, emulator.endpoint);
  if (!url.searchParams.has('api-version') && !pathOrUrl.includes('no-api-version')) url.searchParams.set('api-version', '2024-07-01');
  url.searchParams.delete('no-api-version');
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method,
        ca: emulator.certificateAuthority,
        // A fresh connection per request: no test depends on which connection a request happens to reuse.
        agent: false,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}
