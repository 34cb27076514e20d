/**
 * Every OpenStack call goes through here: take a token of the service's
 * limiter bucket, put the Keystone token on (renewing it once on a 401), send,
 * map any failure once, retry what is retryable with full-jitter backoff that
 * honours Retry-After, and count it all for `statistics()`.
 *
 * A create (POST) is retried only when the answer proves the cloud did nothing
 * (429, overLimit, 409 immutable): OpenStack has no idempotency key, so after a
 * 5xx or a dropped connection the caller must look before trying again.
 */
import { ProviderApiError, TerminalError, type ActuatorContextV1, type ClockV1, type ProviderStatisticsV1 } from '@slipway/core';
import { retryWithBackoff, type RateLimiter } from '@slipway/provider-utils';
import type { OpenStackServiceType } from '../settings/openstack-actuator-settings.js';
import { KeystoneSession, type KeystoneToken } from './keystone-session.js';
import type { KeystoneAuthentication } from './keystone-authentication.js';
import { isImmutableAnswer, isRateAnswer, mapOpenStackError } from './openstack-error-mapper.js';
import { OpenStackHttpError } from './openstack-http-error.js';
import { openStackServiceOf } from './openstack-rate-limits.js';
import type { OpenStackTransport } from './openstack-transport.js';

export interface OpenStackRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to the service's versioned URL: `/servers/detail`. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** False for creates: a 5xx or a dropped connection is not retried here (the cloud may have done the work). Default: true for GET, PUT, DELETE. */
  retrySafe?: boolean;
}

export interface OpenStackReply<Body> {
  status: number;
  headers: Record<string, string>;
  body: Body;
}


export interface OpenStackApiClientOptions {
  transport: OpenStackTransport;
  authentication: KeystoneAuthentication;
  limiter: RateLimiter<OpenStackServiceType>;
  clock: ClockV1;
  random?: () => number;
  interface: string;
  region: string | undefined;
  endpoints: Partial<Record<OpenStackServiceType, string>>;
  computeMicroversion: string;
  maxAttempts?: number;
  baseDelayMs?: number;
}

type CallContext = Pick<ActuatorContextV1, 'signal'> & { clock?: ClockV1 };

export class OpenStackApiClient {
  readonly session: KeystoneSession;
  private readonly options: OpenStackApiClientOptions;
  private readonly calls = new Map<string, number>();
  private readonly retries = new Map<string, number>();
  private throttled = 0;
  private tokenContext: CallContext = { signal: new AbortController().signal };

  constructor(options: OpenStackApiClientOptions) {
    this.options = options;
    this.session = new KeystoneSession({
      authentication: options.authentication,
      clock: options.clock,
      interface: options.interface,
      region: options.region,
      endpoints: options.endpoints,
      requestToken: (url, body) => this.send('identity.tokens.create', { method: 'POST', url, body, token: undefined }, this.tokenContext, true),
    });
  }

  /** One API call: `operation` names it (`compute.servers.create`), its service picks the endpoint and the limiter bucket. */
  async request<Body = unknown>(operation: string, request: OpenStackRequest, context: CallContext): Promise<OpenStackReply<Body>> {
    const service = openStackServiceOf(operation);
    const retrySafe = request.retrySafe ?? request.method !== 'POST';
    return retryWithBackoff(
      async () => {
        const token = await this.tokenFor(context);
        const base = await this.session.endpoint(service);
        const url = urlOf(base, request.path, request.query);
        try {
          return await this.send<Body>(operation, { method: request.method, url, body: request.body, token: token.value }, context, false);
        } catch (error) {
          if (!(error instanceof OpenStackHttpError) || error.status !== 401) throw error;
          // A token the cloud no longer accepts (revoked, expired early, rotated keys): renew it once and resend.
          this.session.invalidate(token);
          const renewed = await this.tokenFor(context);
          return await this.send<Body>(operation, { method: request.method, url, body: request.body, token: renewed.value }, context, false);
        }
      },
      {
        maxAttempts: this.options.maxAttempts ?? 6,
        baseDelayMs: this.options.baseDelayMs ?? 500,
        clock: context.clock ?? this.options.clock,
        signal: context.signal,
        ...(this.options.random !== undefined ? { random: this.options.random } : {}),
        isRetryable: (error) => {
          const mapped = mapOpenStackError(error, operation);
          if (!mapped.isRetryable) return false;
          if (retrySafe) return true;
          const cause = (mapped as { cause?: unknown }).cause;
          return cause instanceof OpenStackHttpError && (isRateAnswer(cause) || isImmutableAnswer(cause));
        },
        onRetry: ({ error }) => {
          const mapped = mapOpenStackError(error, operation);
          const code = ProviderApiError.isInstance(mapped) ? mapped.code : mapped.name;
          this.retries.set(code, (this.retries.get(code) ?? 0) + 1);
        },
      },
    ).catch((error: unknown) => {
      throw mapOpenStackError(error, operation);
    });
  }

  statistics(): ProviderStatisticsV1 {
    return {
      callsByOperation: Object.fromEntries(this.calls),
      retriesByCode: Object.fromEntries(this.retries),
      throttledAnswers: this.throttled,
      limiterWaits: this.options.limiter.waitCounts(),
    };
  }

  async close(): Promise<void> {
    await this.options.transport.close();
  }

  private async tokenFor(context: CallContext): Promise<KeystoneToken> {
    this.tokenContext = context;
    return this.session.token();
  }

  /** One HTTP exchange through the limiter; throws OpenStackHttpError for any answer of 400 or more. */
  private async send<Body>(
    operation: string,
    request: { method: string; url: string; body: unknown; token: string | undefined },
    context: CallContext,
    authenticating: boolean,
  ): Promise<OpenStackReply<Body>> {
    const service = openStackServiceOf(operation);
    await this.options.limiter.acquire(operation, context.signal);
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'slipway-provider-openstack' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.token !== undefined) headers['x-auth-token'] = request.token;
    if (service === 'compute') headers['openstack-api-version'] = `compute ${this.options.computeMicroversion}`;
    const response = await this.options.transport.send({
      method: request.method,
      url: request.url,
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal: context.signal,
    });
    if (response.status >= 400) {
      const error = new OpenStackHttpError(response.status, response.headers, response.body, `${operation} ${request.method} ${new URL(request.url).pathname}`);
      if (isRateAnswer(error)) this.throttled += 1;
      if (authenticating && response.status === 401) {
        throw new TerminalError('InvalidConfiguration', `Keystone refused the credentials (${error.detail}). Check the user or application credential, its domain, and the project scope.`, { cause: error });
      }
      throw error;
    }
    let body: unknown;
    try {
      body = response.body === '' ? undefined : JSON.parse(response.body);
    } catch (error) {
      throw new ProviderApiError(`${operation}: the answer is not JSON: ${response.body.slice(0, 200)}`, { code: 'InvalidResponse', statusCode: response.status, isRetryable: true, cause: error });
    }
    return { status: response.status, headers: response.headers, body: body as Body };
  }
}

function urlOf(base: string, path: string, query: Record<string, string | undefined> | undefined): string {
  const url = new URL(`${base}${path}`);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}
