/**
 * A Keystone v3 session: one token at a time, shared by every call, renewed
 * before it expires (a margin of a tenth of its lifetime, at most a minute) and
 * at once when a service answers 401 (revoked, rotated keys). Concurrent callers
 * wait on one token request. It also holds the token's service catalog.
 */
import type { ClockV1 } from '@slipway/core';
import { TerminalError } from '@slipway/core';
import type { OpenStackServiceType } from '../settings/openstack-actuator-settings.js';
import { identityV3Url, tokenRequestBody, type KeystoneAuthentication } from './keystone-authentication.js';
import { selectEndpoint, withVersionPath, type CatalogEntry } from './service-catalog.js';

export interface KeystoneToken {
  value: string;
  expiresAt: number;
  issuedAt: number;
  catalog: CatalogEntry[];
  projectId: string | undefined;
}

/** Sends the token request; the API client passes one that goes through its limiter, retries and statistics. */
export type TokenRequester = (url: string, body: Record<string, unknown>) => Promise<{ headers: Record<string, string>; body: unknown }>;

export interface KeystoneSessionOptions {
  authentication: KeystoneAuthentication;
  clock: ClockV1;
  interface: string;
  region: string | undefined;
  endpoints: Partial<Record<OpenStackServiceType, string>>;
  requestToken: TokenRequester;
}

export class KeystoneSession {
  private readonly options: KeystoneSessionOptions;
  private current: KeystoneToken | undefined;
  private pending: Promise<KeystoneToken> | undefined;
  private issued = 0;

  constructor(options: KeystoneSessionOptions) {
    this.options = options;
  }

  /** Tokens requested so far (first authentication and renewals). */
  get tokensIssued(): number {
    return this.issued;
  }

  /** A token valid for a while yet. */
  async token(): Promise<KeystoneToken> {
    const token = this.current;
    if (token !== undefined) {
      const margin = Math.min(60_000, (token.expiresAt - token.issuedAt) / 10);
      if (this.options.clock.now() < token.expiresAt - margin) return token;
    }
    this.pending ??= this.authenticate().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets `token` after a 401, so the next `token()` asks Keystone again (unless another caller already did). */
  invalidate(token: KeystoneToken): void {
    if (this.current === token) this.current = undefined;
  }

  /** The URL of a service for calls: the configured override, else the catalog's by interface and region. */
  async endpoint(service: OpenStackServiceType): Promise<string> {
    const override = this.options.endpoints[service];
    if (override !== undefined) return withVersionPath(service, override);
    const token = await this.token();
    return selectEndpoint(token.catalog, service, this.options.interface, this.options.region);
  }

  private async authenticate(): Promise<KeystoneToken> {
    const url = `${identityV3Url(this.options.authentication.authUrl)}/auth/tokens`;
    const reply = await this.options.requestToken(url, tokenRequestBody(this.options.authentication));
    const value = reply.headers['x-subject-token'];
    const body = (reply.body as { token?: Record<string, unknown> } | undefined)?.token;
    if (value === undefined || body === undefined) {
      throw new TerminalError('InvalidConfiguration', `${url} answered without X-Subject-Token or a token body: is OS_AUTH_URL a Keystone v3 endpoint?`);
    }
    // The lifetime is Keystone's (expires_at - issued_at, both on its clock); it is counted from
    // receipt on ours, so a skew between the two clocks never makes every token look expired.
    const expires = Date.parse(String(body['expires_at']));
    const issued = Date.parse(String(body['issued_at']));
    const now = this.options.clock.now();
    const lifetime = Number.isFinite(expires) && Number.isFinite(issued) && expires > issued ? expires - issued : 3_600_000;
    const project = body['project'] as { id?: string } | undefined;
    const token: KeystoneToken = {
      value,
      expiresAt: now + lifetime,
      issuedAt: now,
      catalog: Array.isArray(body['catalog']) ? (body['catalog'] as CatalogEntry[]) : [],
      projectId: project?.id,
    };
    this.issued += 1;
    this.current = token;
    return token;
  }
}
