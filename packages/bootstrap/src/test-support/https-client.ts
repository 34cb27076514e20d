import { request } from 'node:https';

/** A tiny HTTPS client for tests: the service's CA pinned, optional bearer token or client certificate. */
export interface HttpsAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export function httpsRequest(
  url: string,
  options: {
    method?: string;
    form?: Record<string, string | string[]>;
    ca: string;
    token?: string;
    certificate?: string;
    key?: string;
    /** Sent as is, replacing the form (with the headers given, for malformed requests). */
    body?: string | Buffer;
    headers?: Record<string, string>;
  },
): Promise<HttpsAnswer> {
  const formBody = options.form
    ? new URLSearchParams(Object.entries(options.form).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item): [string, string] => [name, item]))).toString()
    : undefined;
  const body = options.body ?? formBody;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        ca: options.ca,
        ...(options.certificate ? { cert: options.certificate, key: options.key } : {}),
        headers: {
          ...(formBody !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
