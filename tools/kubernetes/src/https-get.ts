import { request } from 'node:https';

export interface HttpsGetOptions {
  ca: string;
  /** Client certificate and key (PEM); omit both for an unauthenticated request. */
  cert?: string;
  key?: string;
  timeoutMs?: number;
}

export interface HttpsResponse {
  status: number;
  body: string;
}

/** One GET over TLS, trusting only `ca`. Rejects on connection errors and timeouts. */
export function httpsGet(url: string, options: HttpsGetOptions): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        ca: options.ca,
        ...(options.cert !== undefined ? { cert: options.cert } : {}),
        ...(options.key !== undefined ? { key: options.key } : {}),
        timeout: options.timeoutMs ?? 5000,
        agent: false,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
