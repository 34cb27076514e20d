/**
 * What an OpenStack API answered when it was not a success, before the error
 * mapper classifies it: status, the service's error name and message (read from
 * whichever of the services' body shapes it is), Retry-After and request id.
 */
export class OpenStackHttpError extends Error {
  readonly status: number;
  /** Nova `itemNotFound`/`overLimit`, Neutron `PortNotFound`, Keystone `Unauthorized`, Octavia `Client`. */
  readonly code: string;
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;
  readonly body: string;

  constructor(status: number, headers: Record<string, string>, body: string, operation: string) {
    const { code, message } = describeBody(status, body);
    super(`${operation}: HTTP ${status} ${code}: ${message}`);
    this.name = 'OpenStackHttpError';
    this.status = status;
    this.code = code;
    this.body = body;
    this.requestId = headers['x-openstack-request-id'] ?? headers['x-compute-request-id'];
    this.retryAfterMs = retryAfterOf(headers['retry-after'], body);
  }

  /** The service's own message. */
  get detail(): string {
    return describeBody(this.status, this.body).message;
  }
}

function retryAfterOf(header: string | undefined, body: string): number | undefined {
  const seconds = header !== undefined ? Number(header) : Number(/"retryAfter"\s*:\s*"?(\d+)/.exec(body)?.[1]);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  if (header !== undefined) {
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  return undefined;
}

function describeBody(status: number, body: string): { code: string; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { code: `HTTP${status}`, message: body.slice(0, 300) || '(no body)' };
  }
  if (parsed === null || typeof parsed !== 'object') return { code: `HTTP${status}`, message: String(parsed) };
  const record = parsed as Record<string, unknown>;
  const neutron = record['NeutronError'] as Record<string, unknown> | undefined;
  if (neutron) return { code: String(neutron['type'] ?? `HTTP${status}`), message: String(neutron['message'] ?? '') };
  if (typeof record['faultstring'] === 'string') return { code: String(record['faultcode'] ?? `HTTP${status}`), message: record['faultstring'] };
  const keystone = record['error'] as Record<string, unknown> | undefined;
  if (keystone && typeof keystone === 'object') return { code: String(keystone['title'] ?? `HTTP${status}`), message: String(keystone['message'] ?? '') };
  // Nova: one key naming the error, `{"itemNotFound":{"code":404,"message":"…"}}`.
  const [key] = Object.keys(record);
  const inner = key !== undefined ? (record[key] as Record<string, unknown> | undefined) : undefined;
  if (key !== undefined && inner && typeof inner === 'object' && 'message' in inner) return { code: key, message: String(inner['message']) };
  return { code: `HTTP${status}`, message: body.slice(0, 300) };
}
